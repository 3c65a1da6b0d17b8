"""Scheduled interim feedback (6.5): the programme's collection dates, and the questionnaire
each participant of an active pairing got on each date (exactly once: a database constraint).
The answers themselves are the questionnaires' responses; these rows only say who was asked
for which pair and through which invitation."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import Programme, StaffMember
from programme.validators import validate_sane_date
from surveys.models import Invitation

from .pairings import Pairing


class FeedbackSchedule(models.Model):
    """How the curator set the dates, how long a link stays open, and when a pair is «в зоне
    риска»."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="feedback_schedule",
    )
    every_weeks = models.PositiveSmallIntegerField(_("каждые N недель"), null=True, blank=True)
    starts_on = models.DateField(
        _("первый сбор"), null=True, blank=True, validators=[validate_sane_date]
    )
    ends_on = models.DateField(
        _("последний сбор не позже"), null=True, blank=True, validators=[validate_sane_date]
    )
    answer_days = models.PositiveSmallIntegerField(_("ссылка действует, дней"), default=14)
    low_score = models.PositiveSmallIntegerField(_("тревожная оценка (из 10): не выше"), default=4)
    quiet_weeks = models.PositiveSmallIntegerField(_("тревога: нет встреч, недель"), default=4)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("график обратной связи")
        verbose_name_plural = _("графики обратной связи")

    def __str__(self) -> str:
        return f"{self.programme}: обратная связь"


class FeedbackRound(models.Model):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="feedback_rounds",
    )
    on = models.DateField(_("дата сбора"), validators=[validate_sane_date])
    sent_at = models.DateTimeField(_("разослано"), null=True, blank=True)
    missed = models.BooleanField(
        _("пропущен"),
        default=False,
        help_text=_("Рассылка не состоялась вовремя, а следующий сбор уже наступил."),
    )

    class Meta:
        verbose_name = _("сбор обратной связи")
        verbose_name_plural = _("сборы обратной связи")
        ordering = ["programme", "on"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "on"], name="feedback_round_unique")
        ]

    def __str__(self) -> str:
        return f"Сбор обратной связи {self.on:%d.%m.%Y}"


class FeedbackRequest(models.Model):
    round = models.ForeignKey(
        FeedbackRound, verbose_name=_("сбор"), on_delete=models.CASCADE, related_name="requests"
    )
    pairing = models.ForeignKey(
        Pairing,
        verbose_name=_("пара"),
        on_delete=models.CASCADE,
        related_name="feedback_requests",
    )
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("участник"), on_delete=models.CASCADE, related_name="+"
    )
    invitation = models.ForeignKey(
        Invitation,
        verbose_name=_("приглашение"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("запрос обратной связи")
        verbose_name_plural = _("запросы обратной связи")
        ordering = ["round", "pairing", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "pairing", "staff"], name="feedback_request_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.round}"
