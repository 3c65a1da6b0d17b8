"""The outcome of a pair at its end (§3 «A pair's life»): whether the goal of the mentoring was
achieved — fully, partly or not — with a short conclusion, recorded by the mentor and confirmed
by the curator. Stage 7 (monitoring, nominations, cases, the bases) reads the confirmed ones."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.validators import text_limit

from .pairings import Pairing

CONCLUSION_MAX_LENGTH = 2000


class GoalResult(models.TextChoices):
    FULL = "full", _("достигнута полностью")
    PARTIAL = "partial", _("достигнута частично")
    NOT_ACHIEVED = "not_achieved", _("не достигнута")


class PairingOutcome(models.Model):
    """One per pairing (the one-to-one key makes «create once» a database rule). Recorded
    again while not confirmed; once confirmed it is locked until the curator returns it."""

    pairing = models.OneToOneField(
        Pairing, verbose_name=_("пара"), on_delete=models.CASCADE, related_name="outcome"
    )
    result = models.CharField(_("цель наставничества"), max_length=20, choices=GoalResult.choices)
    conclusion = models.TextField(
        _("краткое заключение"),
        max_length=CONCLUSION_MAX_LENGTH,
        validators=[text_limit(CONCLUSION_MAX_LENGTH)],
    )
    recorded_at = models.DateTimeField(_("записан"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("записал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("подтверждён"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("подтвердил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("возвращён на доработку"), null=True, blank=True)
    return_note = models.CharField(_("замечание куратора"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("итог наставничества")
        verbose_name_plural = _("итоги наставничества")
        ordering = ["pairing"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True)
                | models.Q(confirmed_at__gte=models.F("recorded_at")),
                name="outcome_confirmed_after_recorded",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pairing}: цель {self.get_result_display()}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
