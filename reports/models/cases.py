"""Cases (7.5): the story of one pair written up from its records — participants, the problem
(the mentee's deficits), the goal, what was done, the results and the lessons — with the
materials chosen one by one. A case goes черновик → готов → опубликован; only a published one
reaches the public page, and only while every participant's publication consent allows it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import Programme
from programme.validators import NOTE_MAX_LENGTH, text_limit, validate_safe_url


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    READY = "ready", _("готов")
    PUBLISHED = "published", _("опубликован")


def _text(label: str, **extra) -> models.TextField:
    return models.TextField(
        label,
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
        **extra,
    )


class Case(models.Model):
    """One case per pairing (a database rule: a double click never makes two)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.CASCADE, related_name="cases"
    )
    pairing = models.ForeignKey(
        "pairing.Pairing",
        verbose_name=_("наставническая пара"),
        on_delete=models.CASCADE,
        related_name="cases",
    )
    title = models.CharField(_("название кейса"), max_length=300)
    participants = _text(
        _("участники"),
        help_text=_("Имена и должности — только если это разрешает согласие на публикацию."),
    )
    problem = _text(_("проблема (профессиональные дефициты)"))
    goal = _text(_("цель"))
    what_was_done = _text(_("что было сделано"))
    results = _text(_("результаты"))
    lessons = _text(_("выводы и рекомендации"))
    status = models.CharField(
        _("статус"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    published_at = models.DateTimeField(_("опубликован"), null=True, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("кейс")
        verbose_name_plural = _("кейсы")
        ordering = ["programme", "-updated_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["pairing"], name="case_one_per_pairing")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == CaseStatus.PUBLISHED


class CaseMaterial(models.Model):
    """A material of the case: an evidence file of the pair (a plan row's or a meeting's) or a
    safe link — exactly one of the three."""

    case = models.ForeignKey(
        Case, verbose_name=_("кейс"), on_delete=models.CASCADE, related_name="materials"
    )
    plan_activity = models.ForeignKey(
        "pairing.PlanActivity",
        verbose_name=_("подтверждение мероприятия плана"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    meeting_attachment = models.ForeignKey(
        "pairing.MeetingAttachment",
        verbose_name=_("файл встречи"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    url = models.URLField(_("ссылка"), max_length=500, blank=True, validators=[validate_safe_url])
    title = models.CharField(_("название"), max_length=300)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("материал кейса")
        verbose_name_plural = _("материалы кейсов")
        ordering = ["case", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(plan_activity__isnull=False, meeting_attachment__isnull=True, url="")
                    | models.Q(plan_activity__isnull=True, meeting_attachment__isnull=False, url="")
                    | (
                        models.Q(plan_activity__isnull=True, meeting_attachment__isnull=True)
                        & ~models.Q(url="")
                    )
                ),
                name="case_material_one_source",
            ),
            models.UniqueConstraint(
                fields=["case", "plan_activity"],
                condition=models.Q(plan_activity__isnull=False),
                name="case_material_activity_once",
            ),
            models.UniqueConstraint(
                fields=["case", "meeting_attachment"],
                condition=models.Q(meeting_attachment__isnull=False),
                name="case_material_attachment_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_link(self) -> bool:
        return bool(self.url)
