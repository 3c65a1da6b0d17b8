"""The organisation's public page (7.6) settings: off until the head or the curator switches it
on; a noindex switch for a page linked from the kindergarten's site but not searched."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import Organisation, StaffMember
from programme.uploads import stored_name
from programme.validators import NOTE_MAX_LENGTH, text_limit


class PublicPage(models.Model):
    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="public_page",
    )
    enabled = models.BooleanField(_("страница открыта"), default=False)
    noindex = models.BooleanField(
        _("не показывать в поисковиках"),
        default=False,
        help_text=_("Страница открывается по ссылке, но поисковые системы её не индексируют."),
    )
    intro = models.TextField(
        _("вступительный текст"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("публичная страница")
        verbose_name_plural = _("публичные страницы")

    def __str__(self) -> str:
        return f"{self.organisation}: публичная страница"


def public_photo_path(photo: "PublicPhoto", filename: str) -> str:
    # Never the uploaded name: served only through a view that checks her consent each time.
    return stored_name(f"public/{photo.staff.organisation_id}", filename)


class PublicPhoto(models.Model):
    """A person's photo for the public page. Shown only while her valid publication consent
    allows the photo (checked on every request of the page and of the picture)."""

    staff = models.OneToOneField(
        StaffMember,
        verbose_name=_("педагог"),
        on_delete=models.CASCADE,
        related_name="public_photo",
    )
    image = models.ImageField(_("фотография"), upload_to=public_photo_path)
    uploaded_at = models.DateTimeField(_("загружена"), auto_now_add=True)

    class Meta:
        verbose_name = _("фотография для публичной страницы")
        verbose_name_plural = _("фотографии для публичной страницы")

    def __str__(self) -> str:
        return f"{self.staff}: фотография"
