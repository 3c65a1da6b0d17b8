"""Assessment of participants (3.2, 4.1, 7.4) and interviews of mentor candidates (4.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..validators import (
    MINUTES_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    text_limit,
    validate_sane_date,
)
from .bases import MentorProfile
from .org import StaffMember
from .roadmap import Programme


class ParameterScope(models.TextChoices):
    MENTEES = "mentees", _("наставляемые")
    MENTORS = "mentors", _("наставники")


class AssessmentParameter(models.Model):
    """What is measured before (3.2, 4.1) and after (7.4), on a scale such as 1–5."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="assessment_parameters",
    )
    name = models.CharField(_("параметр"), max_length=300)
    applies_to = models.CharField(
        _("кого оцениваем"), max_length=20, choices=ParameterScope.choices
    )
    scale_min = models.PositiveSmallIntegerField(_("минимум шкалы"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("максимум шкалы"), default=5)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("параметр оценки")
        verbose_name_plural = _("параметры оценки")
        ordering = ["programme", "applies_to", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_min__lt=models.F("scale_max")),
                name="assessment_parameter_scale",
            ),
            models.UniqueConstraint(
                fields=["programme", "applies_to", "name"], name="assessment_parameter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.scale_min}–{self.scale_max})"


class RoundKind(models.TextChoices):
    BASELINE = "baseline", _("входная")
    FINAL = "final", _("итоговая")


class AssessmentRound(models.Model):
    """One measurement: the baseline (3.2 for mentees, 4.1 for mentors) or the final one (7.4).

    A programme has at most one round of each kind, so «before» and «after» are never
    ambiguous when the deltas are computed.
    """

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="assessment_rounds",
    )
    kind = models.CharField(_("вид"), max_length=20, choices=RoundKind.choices)
    date = models.DateField(_("дата"), validators=[validate_sane_date])
    title = models.CharField(_("название"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("оценка (срез)")
        verbose_name_plural = _("оценки (срезы)")
        ordering = ["programme", "date", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="assessment_round_unique")
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display().capitalize()} оценка"


class Score(models.Model):
    round = models.ForeignKey(
        AssessmentRound, verbose_name=_("оценка"), on_delete=models.CASCADE, related_name="scores"
    )
    parameter = models.ForeignKey(
        AssessmentParameter,
        verbose_name=_("параметр"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("педагог"), on_delete=models.CASCADE, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(_("балл"))

    class Meta:
        verbose_name = _("балл")
        verbose_name_plural = _("баллы")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "parameter", "staff"], name="assessment_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.parameter.name} = {self.value}"


class Conclusion(models.TextChoices):
    RECOMMENDED = "recommended", _("рекомендован")
    CONDITIONAL = "conditional", _("рекомендован с условиями")
    REJECTED = "rejected", _("не рекомендован")


class Interview(models.Model):
    """An interview of a mentor candidate (4.2), often with the psychologist on the panel."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.CASCADE, related_name="interviews"
    )
    mentor = models.ForeignKey(
        MentorProfile,
        verbose_name=_("кандидат в наставники"),
        on_delete=models.CASCADE,
        related_name="interviews",
    )
    date = models.DateField(_("дата"), validators=[validate_sane_date])
    panel = models.ManyToManyField(
        StaffMember, verbose_name=_("комиссия"), blank=True, related_name="interview_panels"
    )
    notes = models.TextField(
        _("ход собеседования"),
        blank=True,
        max_length=MINUTES_MAX_LENGTH,
        validators=[text_limit(MINUTES_MAX_LENGTH)],
    )
    conclusion = models.CharField(
        _("заключение"),
        max_length=20,
        choices=Conclusion.choices,
        blank=True,
        help_text=_("Пусто — собеседование назначено, заключение ещё не вынесено."),
    )
    conditions = models.TextField(
        _("условия"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("собеседование")
        verbose_name_plural = _("собеседования с наставниками")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.mentor} — {self.date:%d.%m.%Y}"
