"""The monitoring report of a programme (7.3–7.4): the figures are read from the records each
time; what is kept here is what the curator writes beside them — strengths, weaknesses,
opportunities and proposals, threats (the SWOT) and the conclusions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import Programme
from programme.validators import NOTE_MAX_LENGTH, text_limit

# The parts of the SWOT in the order the page and the report print them.
SWOT_FIELDS = ("strengths", "weaknesses", "opportunities", "threats", "conclusions")


def _text(label: str, help_text: str = "") -> models.TextField:
    return models.TextField(
        label,
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
        help_text=help_text,
    )


class MonitoringReport(models.Model):
    """One per programme (a database constraint: the OneToOne field is unique)."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="monitoring_report",
    )
    strengths = _text(_("сильные стороны"))
    weaknesses = _text(_("слабые стороны"))
    opportunities = _text(_("возможности и предложения"))
    threats = _text(_("риски (угрозы)"))
    conclusions = _text(_("выводы"))
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто сохранил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("отчёт о мониторинге")
        verbose_name_plural = _("отчёты о мониторинге")

    def __str__(self) -> str:
        return f"Мониторинг: {self.programme}"

    @property
    def has_analysis(self) -> bool:
        """The SWOT says something and the conclusions are written."""
        return bool(
            self.conclusions.strip()
            and (self.strengths.strip() or self.weaknesses.strip() or self.opportunities.strip())
        )
