"""The engine's runs on the pairing board (5.3): what each proposed and whom it left out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import Programme


class BoardMode(models.TextChoices):
    OPTIMAL = "optimal", _("наилучший общий подбор")
    STABLE = "stable", _("устойчивый (по взаимным предпочтениям)")


class BoardRun(models.Model):
    """One run of the engine on the board: what it proposed, whom it left out and why."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.CASCADE, related_name="board_runs"
    )
    mode = models.CharField(_("режим"), max_length=20, choices=BoardMode.choices)
    preset = models.CharField(_("веса"), max_length=20)
    weights = models.JSONField(_("веса критериев"), default=dict)
    pairs = models.JSONField(_("пары"), default=list)  # [[mentee profile id, mentor profile id]]
    unmatched = models.JSONField(_("без пары"), default=list)  # [{"mentee": id, "reason": …}]
    total = models.FloatField(_("сумма оценок"), default=0)
    created_at = models.DateTimeField(_("запуск"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто запустил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("подбор пар")
        verbose_name_plural = _("подборы пар")
        ordering = ["programme", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_mode_display()}, {self.created_at:%d.%m.%Y %H:%M}"
