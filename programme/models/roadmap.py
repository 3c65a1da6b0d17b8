from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..validators import NOTE_MAX_LENGTH, text_limit, validate_safe_url, validate_sane_date
from .org import Organisation, StaffMember


class MentoringForm(models.TextChoices):
    TEACHER_TEACHER = "teacher_teacher", _("педагог – педагог")
    HEAD_TEACHER = "head_teacher", _("руководитель – педагог")
    GROUP = "group", _("групповое")
    REVERSE = "reverse", _("реверсивное")
    SITUATIONAL = "situational", _("ситуационное")
    SHORT_TERM = "short_term", _("краткосрочное (целеполагающее)")
    FLASH = "flash", _("флэш-наставничество")
    VIRTUAL = "virtual", _("виртуальное (дистанционное)")


DEFAULT_PARENT_COMMITTEE_NOTE = "Принято с учетом мнения родительского комитета"


class OrderKind(models.TextChoices):
    """How the head fixes the pairs: the seed's plan says «распоряжение», many use «приказ»."""

    ORDER = "order", _("приказ")
    DIRECTIVE = "directive", _("распоряжение")


class Programme(models.Model):
    """One organisation's mentoring programme for one year."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="programmes",
    )
    year = models.PositiveSmallIntegerField(
        _("год"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("название"), max_length=500)
    curator = models.ForeignKey(
        StaffMember,
        verbose_name=_("куратор"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="curated_programmes",
    )
    forms = models.JSONField(
        _("формы наставничества"), default=list, blank=True, help_text=_("Коды форм из списка")
    )
    default_capacity = models.PositiveSmallIntegerField(
        _("наставляемых на одного наставника"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Обычно локальный акт ограничивает нагрузку 2–3 наставляемыми."),
    )
    starts_on = models.DateField(
        _("начало"), null=True, blank=True, validators=[validate_sane_date]
    )
    ends_on = models.DateField(
        _("окончание"), null=True, blank=True, validators=[validate_sane_date]
    )
    order_kind = models.CharField(
        _("пары закрепляются"),
        max_length=20,
        choices=OrderKind.choices,
        default=OrderKind.ORDER,
        help_text=_("Приказом или распоряжением руководителя (5.4)."),
    )
    regulation = models.CharField(
        _("положение о наставничестве"),
        max_length=500,
        blank=True,
        help_text=_(
            "Как его называет приказ: «Положение о наставничестве …, утв. приказом от … № …»."
        ),
    )
    council_protocol_number = models.CharField(
        _("номер протокола педсовета"), max_length=30, blank=True
    )
    council_protocol_date = models.DateField(
        _("дата протокола педсовета"), null=True, blank=True, validators=[validate_sane_date]
    )
    head_approved_on = models.DateField(
        _("дата утверждения заведующим"), null=True, blank=True, validators=[validate_sane_date]
    )
    parent_committee_note = models.CharField(
        _("отметка о мнении родительского комитета"),
        max_length=300,
        blank=True,
        default=DEFAULT_PARENT_COMMITTEE_NOTE,
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("программа предыдущего года"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_programme",
    )
    # Closing the year: from then on the programme is read-only (programme/readonly.py).
    closed_at = models.DateTimeField(_("год закрыт"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "programme.User",
        verbose_name=_("кто закрыл"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("программа наставничества")
        verbose_name_plural = _("программы наставничества")
        ordering = ["organisation", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="programme_one_per_org_year"
            ),
            models.CheckConstraint(
                condition=models.Q(default_capacity__gte=1), name="programme_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def get_forms_display(self) -> list[str]:
        labels = dict(MentoringForm.choices)
        return [str(labels.get(code, code)) for code in self.forms]


class Stage(models.Model):
    """One of the roadmap's 7 stages, with the task and result texts of the plan."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.CASCADE, related_name="stages"
    )
    number = models.PositiveSmallIntegerField(_("номер"))
    title = models.CharField(_("название"), max_length=300)
    goal = models.TextField(_("цель"), blank=True)
    task = models.TextField(_("задача"), blank=True)
    result = models.TextField(_("результат"), blank=True)

    class Meta:
        verbose_name = _("этап дорожной карты")
        verbose_name_plural = _("этапы дорожной карты")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="stage_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("запланировано")
    IN_PROGRESS = "in_progress", _("в работе")
    DONE = "done", _("выполнено")
    NOT_REQUIRED = "not_required", _("не требуется")


class Activity(models.Model):
    """A roadmap activity (1.1–7.8) of a programme."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("этап"), on_delete=models.CASCADE, related_name="activities"
    )
    code = models.CharField(_("код"), max_length=8)
    order = models.PositiveSmallIntegerField(_("порядок"))
    title = models.TextField(_("мероприятие"))
    deadline_text = models.CharField(_("сроки"), max_length=200, blank=True)
    starts_on = models.DateField(
        _("дата начала"), null=True, blank=True, validators=[validate_sane_date]
    )
    due_on = models.DateField(
        _("срок выполнения"), null=True, blank=True, validators=[validate_sane_date]
    )
    responsible_text = models.CharField(_("ответственные (должности)"), max_length=300, blank=True)
    responsible_people = models.ManyToManyField(
        StaffMember,
        verbose_name=_("ответственные (сотрудники)"),
        blank=True,
        related_name="responsible_for",
    )
    status = models.CharField(
        _("статус"),
        max_length=20,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PLANNED,
    )
    completed_on = models.DateField(
        _("дата выполнения"), null=True, blank=True, validators=[validate_sane_date]
    )
    note = models.TextField(
        _("примечание"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    evidence_url = models.CharField(
        _("подтверждение (ссылка)"),
        max_length=500,
        blank=True,
        validators=[validate_safe_url],
        help_text=_("Адрес, начинающийся с https:// или http://, или страница этого сайта."),
    )
    evidence_label = models.CharField(_("подтверждение (описание)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("мероприятие дорожной карты")
        verbose_name_plural = _("мероприятия дорожной карты")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="activity_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title[:80]}"

    @property
    def is_closed(self) -> bool:
        return self.status in (ActivityStatus.DONE, ActivityStatus.NOT_REQUIRED)

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.due_on and not self.is_closed and self.due_on < today)
