"""The public page's switches (7.6): on or off, noindex, the intro text. Publishing the page
closes 7.6 with the page itself as evidence, once there is something published on it."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from programme.models import Organisation
from programme.services import activity_mark_done
from programme.validators import NOTE_MAX_LENGTH

from ..models import PublicPage
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
