"""The public page's switches (7.6): on or off, noindex, the intro text. Publishing the page
closes 7.6 with the page itself as evidence, once there is something published on it."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from programme.exceptions import DomainError
from programme.models import Organisation, StaffMember
from programme.services import activity_mark_done
from programme.uploads import UploadRule, check_upload
from programme.validators import NOTE_MAX_LENGTH

from ..models import PublicPage, PublicPhoto
from ..selectors import public as selectors


def public_page_url(organisation: Organisation) -> str:
    return settings.SITE_URL + reverse("reports:public_page", args=[organisation.slug])


@transaction.atomic
def public_page_save(
    *, organisation: Organisation, enabled: bool, noindex: bool, intro: str = ""
) -> PublicPage:
    """Save the switches (one page per organisation: a database rule)."""
    page, _created = PublicPage.objects.select_for_update().get_or_create(organisation=organisation)
    page.enabled = bool(enabled)
    page.noindex = bool(noindex)
    page.intro = (intro or "").strip()[:NOTE_MAX_LENGTH]
    page.save(update_fields=["enabled", "noindex", "intro", "updated_at"])
    if page.enabled:
        programme = selectors.newest_programme(organisation)
        if programme is not None:
            activity_mark_done(
                programme=programme,
                code="7.6",
                evidence_url=reverse("reports:public_page", args=[organisation.slug]),
                evidence_label="Публичная страница: итоги, лучшие наставники, кейсы",
            )
    return page


PHOTO_RULE = UploadRule(extensions=("jpg", "jpeg", "png"), max_bytes=3 * 1024 * 1024)


class PhotoRefused(DomainError):
    """Not her organisation's, no consent to publish a photo, or not a picture."""


def public_photo_save(*, organisation: Organisation, staff: StaffMember, upload) -> PublicPhoto:
    """Her photo for the public page, only if her valid publication consent allows a photo;
    a new one replaces the old (its file is deleted)."""
    if staff.organisation_id != organisation.pk:
        raise PhotoRefused("Этого педагога нет в вашей организации.")
    allowed = selectors.publication_permissions([staff.pk], organisation_id=organisation.pk)
    if selectors.PHOTO not in allowed.get(staff.pk, frozenset()):
        raise PhotoRefused(
            "Согласие педагога на распространение не разрешает публиковать фотографию."
        )
    check_upload(upload, PHOTO_RULE)
    old = PublicPhoto.objects.filter(staff=staff).first()
    if old is not None:
        old.image.delete(save=False)
        old.delete()
    return PublicPhoto.objects.create(staff=staff, image=upload)


def public_photo_delete(*, organisation: Organisation, staff: StaffMember) -> None:
    photo = PublicPhoto.objects.filter(staff=staff, staff__organisation=organisation).first()
    if photo is not None:
        photo.image.delete(save=False)
        photo.delete()
