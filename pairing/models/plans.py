"""The individual development plan of a mentee under her mentor («индивидуальный план развития
под руководством наставника»): the mentor drafts it, the mentee comments, the curator approves.
An approved plan is never edited in place: a change is a new version, and the old one stays as
it was approved. Done marks and evidence are the plan's execution and go on the current one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import StaffMember
from programme.uploads import stored_name
from programme.validators import (
    NOTE_MAX_LENGTH,
    text_limit,
    validate_safe_url,
    validate_sane_date,
)

from .pairings import Membership


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    SUBMITTED = "submitted", _("на согласовании")
    APPROVED = "approved", _("утверждён")
    SUPERSEDED = "superseded", _("заменён новой версией")


# The versions being worked on (one per mentee at a time).
OPEN_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.SUBMITTED)


class Plan(models.Model):
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("наставляемый в паре"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    number = models.PositiveSmallIntegerField(_("версия"), default=1)
    status = models.CharField(
        _("статус"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    deficits = models.TextField(
        _("профессиональные дефициты"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    goal = models.TextField(
        _("цель"), blank=True, max_length=NOTE_MAX_LENGTH, validators=[text_limit(NOTE_MAX_LENGTH)]
    )
    tasks = models.TextField(
        _("задачи"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("составил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("отправлен на согласование"), null=True, blank=True)
    approved_at = models.DateTimeField(_("утверждён"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("утвердил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    superseded_at = models.DateTimeField(_("заменён"), null=True, blank=True)

    class Meta:
        verbose_name = _("индивидуальный план развития")
        verbose_name_plural = _("индивидуальные планы развития")
        ordering = ["membership", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "number"], name="plan_version_unique"),
            models.UniqueConstraint(
                fields=["membership"],
                condition=models.Q(status__in=["draft", "submitted"]),
                name="plan_one_open_version",
            ),
            models.UniqueConstraint(
                fields=["membership"],
                condition=models.Q(status="approved"),
                name="plan_one_approved_version",
            ),
        ]

    def __str__(self) -> str:
        return f"План, версия {self.number} ({self.get_status_display()})"

    @property
    def is_editable(self) -> bool:
        return self.status in OPEN_PLAN_STATUSES


class PlanActivityKind(models.TextChoices):
    CONSULTATION = "consultation", _("консультация")
    LESSON_VISIT = "lesson_visit", _("посещение занятия")
    OPEN_LESSON = "open_lesson", _("открытый показ")
    MASTER_CLASS = "master_class", _("мастер-класс")
    SELF_EDUCATION = "self_education", _("самообразование")
    CONTEST = "contest", _("конкурс")
    SEMINAR = "seminar", _("семинар, вебинар")
    COURSES = "courses", _("курсы повышения квалификации")
    JOINT_WORK = "joint_work", _("совместная разработка (конспект, проект)")
    OTHER = "other", _("другое")


class PlanResponsible(models.TextChoices):
    MENTOR = "mentor", _("наставник")
    MENTEE = "mentee", _("наставляемый")
    BOTH = "both", _("наставник и наставляемый")


def plan_evidence_path(activity: "PlanActivity", filename: str) -> str:
    # Never the uploaded name: files are served only through a view that checks access.
    return stored_name(f"plans/{activity.plan_id}", filename)


class PlanActivity(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("план"), on_delete=models.CASCADE, related_name="activities"
    )
    position = models.PositiveSmallIntegerField(_("№"), default=0)
    content = models.TextField(
        _("мероприятие и содержание"),
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    kind = models.CharField(_("форма"), max_length=20, choices=PlanActivityKind.choices)
    starts_on = models.DateField(
        _("срок: с"), null=True, blank=True, validators=[validate_sane_date]
    )
    due_on = models.DateField(_("срок: до"), null=True, blank=True, validators=[validate_sane_date])
    responsible = models.CharField(
        _("ответственный"),
        max_length=10,
        choices=PlanResponsible.choices,
        default=PlanResponsible.BOTH,
    )
    done_on = models.DateField(
        _("выполнено"), null=True, blank=True, validators=[validate_sane_date]
    )
    evidence_file = models.FileField(
        _("подтверждение (файл)"), upload_to=plan_evidence_path, blank=True
    )
    evidence_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    evidence_url = models.URLField(
        _("подтверждение (ссылка)"), max_length=500, blank=True, validators=[validate_safe_url]
    )
    source = models.ForeignKey(
        "self",
        verbose_name=_("из предыдущей версии"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("мероприятие плана")
        verbose_name_plural = _("мероприятия плана")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(due_on__isnull=True)
                | models.Q(due_on__gte=models.F("starts_on")),
                name="plan_activity_term_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.content[:60]}"


class PlanComment(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("план"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("автор"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("автор (педагог)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Комментарии педагога удаляются, когда она отзывает согласие."),
    )
    author_name = models.CharField(_("автор (как подписан)"), max_length=200)
    text = models.TextField(
        _("комментарий"), max_length=NOTE_MAX_LENGTH, validators=[text_limit(NOTE_MAX_LENGTH)]
    )
    created_at = models.DateTimeField(_("написан"), auto_now_add=True)

    class Meta:
        verbose_name = _("комментарий к плану")
        verbose_name_plural = _("комментарии к планам")
        ordering = ["plan", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:60]}"
