"""Experts and materials (4.3), training of mentors with attendance and completion (4.4)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.formatting import plural_ru

from ..uploads import stored_name
from ..validators import validate_safe_url, validate_sane_date
from .bases import MentorProfile
from .org import Organisation
from .roadmap import Programme


class Expert(models.Model):
    """Someone who teaches the mentors: a methodist, a university lecturer, a partner."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="experts",
    )
    full_name = models.CharField(_("ФИО"), max_length=200)
    organisation_name = models.CharField(_("место работы"), max_length=300, blank=True)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    contacts = models.CharField(_("контакты"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("эксперт")
        verbose_name_plural = _("эксперты")
        ordering = ["organisation", "full_name"]

    def __str__(self) -> str:
        return self.full_name


def material_path(instance: "Material", filename: str) -> str:
    # A random name: the file is served only through a checked view, under `original_name`.
    return stored_name(f"materials/{instance.programme.organisation_id}", filename)


class Material(models.Model):
    """A training material: an uploaded file or a link, never both."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="training_materials",
    )
    title = models.CharField(_("название"), max_length=300)
    file = models.FileField(_("файл"), upload_to=material_path, blank=True)
    original_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    url = models.URLField(_("ссылка"), max_length=500, blank=True, validators=[validate_safe_url])
    uploaded_at = models.DateTimeField(_("добавлен"), auto_now_add=True)

    class Meta:
        verbose_name = _("материал")
        verbose_name_plural = _("материалы для обучения")
        ordering = ["programme", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url=""))
                | (~models.Q(file="") & models.Q(url="")),
                name="material_file_or_url",
            )
        ]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="training_sessions",
    )
    date = models.DateField(_("дата"), validators=[validate_sane_date])
    topic = models.CharField(_("тема"), max_length=300)
    expert = models.ForeignKey(
        Expert,
        verbose_name=_("эксперт"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    materials = models.ManyToManyField(
        Material, verbose_name=_("материалы"), blank=True, related_name="sessions"
    )
    place = models.CharField(_("место"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("занятие")
        verbose_name_plural = _("занятия с наставниками")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.topic}"


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("занятие"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    mentor = models.ForeignKey(
        MentorProfile,
        verbose_name=_("наставник"),
        on_delete=models.CASCADE,
        related_name="training_attendance",
    )
    attended = models.BooleanField(_("присутствовал"), default=False)

    class Meta:
        verbose_name = _("посещение занятия")
        verbose_name_plural = _("посещение занятий")
        constraints = [
            models.UniqueConstraint(fields=["session", "mentor"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.mentor}: {'да' if self.attended else 'нет'}"


class CompletionRule(models.TextChoices):
    SESSIONS = "sessions", _("посетил не меньше N занятий")
    MARK = "mark", _("отметка куратора")


class TrainingSettings(models.Model):
    """How a programme decides that a mentor has finished training (4.4)."""

    programme = models.OneToOneField(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="training_settings",
    )
    rule = models.CharField(
        _("обучение завершено, когда"),
        max_length=20,
        choices=CompletionRule.choices,
        default=CompletionRule.SESSIONS,
    )
    min_sessions = models.PositiveSmallIntegerField(
        _("сколько занятий посетить"), default=3, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("правило завершения обучения")
        verbose_name_plural = _("правила завершения обучения")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_sessions__gte=1), name="training_min_sessions_positive"
            )
        ]

    def __str__(self) -> str:
        if self.rule == CompletionRule.SESSIONS:
            n = self.min_sessions
            return f"посетил не меньше {n} {plural_ru(n, 'занятия', 'занятий', 'занятий')}"
        return str(self.get_rule_display())


class TrainingCompletion(models.Model):
    """The curator's mark «обучение завершено» for one mentor."""

    mentor = models.OneToOneField(
        MentorProfile,
        verbose_name=_("наставник"),
        on_delete=models.CASCADE,
        related_name="training_completion",
    )
    marked_at = models.DateTimeField(_("отмечено"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кем отмечено"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("отметка о завершении обучения")
        verbose_name_plural = _("отметки о завершении обучения")

    def __str__(self) -> str:
        return f"{self.mentor}: обучение завершено"
