"""The ceremony's nominations and awards (7.1–7.2): who is awarded, in which nomination, with
which citation; each award prints as a certificate or a letter of thanks signed by the head."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import Programme, StaffMember
from programme.validators import NOTE_MAX_LENGTH, text_limit, validate_sane_date


class NominationKind(models.TextChoices):
    BEST_MENTOR = "best_mentor", _("Лучший наставник")
    MENTOR_OF_YEAR = "mentor_of_year", _("Наставник года")
    BEST_PAIR = "best_pair", _("Лучшая наставническая пара")
    CUSTOM = "custom", _("Своя номинация")


class Nomination(models.Model):
    """A nomination of the programme's ceremony: «Лучший наставник» or the curator's own."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.CASCADE, related_name="nominations"
    )
    kind = models.CharField(_("вид"), max_length=20, choices=NominationKind.choices)
    title = models.CharField(_("название номинации"), max_length=200)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("номинация")
        verbose_name_plural = _("номинации")
        ordering = ["programme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="nomination_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class AwardDocument(models.TextChoices):
    CERTIFICATE = "certificate", _("почётная грамота")
    THANKS = "thanks", _("благодарственное письмо")


class Award(models.Model):
    """One person awarded in a nomination (a best pair: the mentor and each mentee)."""

    nomination = models.ForeignKey(
        Nomination, verbose_name=_("номинация"), on_delete=models.CASCADE, related_name="awards"
    )
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("награждённый"), on_delete=models.CASCADE, related_name="awards"
    )
    pairing = models.ForeignKey(
        "pairing.Pairing",
        verbose_name=_("наставническая пара"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="awards",
    )
    citation = models.TextField(
        _("формулировка"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
        help_text=_("Коротко, за что: печатается в грамоте."),
    )
    document = models.CharField(
        _("документ"),
        max_length=20,
        choices=AwardDocument.choices,
        default=AwardDocument.CERTIFICATE,
    )
    awarded_on = models.DateField(
        _("дата награждения"), null=True, blank=True, validators=[validate_sane_date]
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("награждение")
        verbose_name_plural = _("награждения")
        ordering = ["nomination", "pk"]
        constraints = [
            # A double click or two curators at once never award the same person twice.
            models.UniqueConstraint(fields=["nomination", "staff"], name="award_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.nomination}: {self.staff}"
