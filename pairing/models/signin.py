"""Sign-in links: a teacher without a password gets into «Моя страница» from a link sent to her
email or printed on a sheet with a QR code. A link works once, for a limited time, and the
database keeps only a nonce and the hash of the token (the token is an HMAC of the nonce with
the SECRET_KEY, as for questionnaire links), so a copy of the database opens nothing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import Organisation, StaffMember


class SignInChannel(models.TextChoices):
    EMAIL = "email", _("по электронной почте")
    PRINTED = "printed", _("на листе с QR-кодом")


class SignInLink(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("организация"), on_delete=models.CASCADE, related_name="+"
    )
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("педагог"),
        on_delete=models.CASCADE,
        related_name="signin_links",
    )
    channel = models.CharField(_("как выдана"), max_length=10, choices=SignInChannel.choices)
    token_nonce = models.CharField(_("затравка ключа"), max_length=40)
    token_hash = models.CharField(_("хеш ключа"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("выдал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("действует до"))
    used_at = models.DateTimeField(_("использована"), null=True, blank=True)

    class Meta:
        verbose_name = _("ссылка для входа")
        verbose_name_plural = _("ссылки для входа")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.staff} — {self.get_channel_display()}"
