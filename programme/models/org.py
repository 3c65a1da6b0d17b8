from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..validators import (
    hiring_error,
    validate_birth_date,
    validate_experience,
    validate_safe_url,
    validate_sane_date,
)
from .fields import NameField


class Organisation(models.Model):
    """An educational organisation (ДОУ). Every record of the product belongs to one."""

    full_name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("краткое наименование"), max_length=200)
    slug = models.SlugField(_("адрес страницы"), max_length=80, unique=True)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    city = models.CharField(_("населённый пункт"), max_length=120, blank=True)
    head_name = models.CharField(_("ФИО руководителя"), max_length=200, blank=True)
    head_position = models.CharField(
        _("должность руководителя"), max_length=200, default="Заведующий"
    )
    site = models.URLField(_("сайт"), blank=True, validators=[validate_safe_url])
    email = models.EmailField(_("электронная почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    # Who processes personal data on the operator's behalf (152-ФЗ ст. 6 ч. 3), e.g. the
    # hosting provider: named in the consent text when set.
    processor_name = models.CharField(
        _("обработчик по поручению (например, хостинг)"), max_length=500, blank=True
    )
    processor_address = models.CharField(_("адрес обработчика"), max_length=500, blank=True)
    territory = models.ForeignKey(
        "programme.Territory",
        verbose_name=_("территория (муниципалитет)"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("образовательная организация")
        verbose_name_plural = _("образовательные организации")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class Role(models.TextChoices):
    HEAD = "head", _("Заведующий")
    CURATOR = "curator", _("Куратор (старший воспитатель)")
    TEACHER = "teacher", _("Педагог")
    PSYCHOLOGIST = "psychologist", _("Педагог-психолог")
    REGIONAL = "regional", _("Координатор (муниципальный или региональный)")


class User(AbstractUser):
    """A login. Belongs to one organisation, except the coordinator (reads her territory)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    role = models.CharField(_("роль"), max_length=20, choices=Role.choices, default=Role.TEACHER)
    patronymic = models.CharField(_("отчество"), max_length=150, blank=True)
    # A coordinator reads the organisations of her territory; without one, every organisation
    # of the instance (a one-region installation).
    territory = models.ForeignKey(
        "programme.Territory",
        verbose_name=_("территория координатора"),
        on_delete=models.PROTECT,
        related_name="coordinators",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")

    @property
    def is_manager(self) -> bool:
        """Curator and head run the programme of their organisation."""
        return self.role in (Role.CURATOR, Role.HEAD)

    @property
    def is_regional(self) -> bool:
        return self.role == Role.REGIONAL

    def get_full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


class Position(models.TextChoices):
    EDUCATOR = "vospitatel", _("воспитатель")
    SENIOR_EDUCATOR = "starshiy_vospitatel", _("старший воспитатель")
    MUSIC = "muz_rukovoditel", _("музыкальный руководитель")
    PE = "instruktor_fk", _("инструктор по физической культуре")
    SPEECH = "logoped", _("учитель-логопед")
    DEFECTOLOGIST = "defektolog", _("учитель-дефектолог")
    PSYCHOLOGIST = "psiholog", _("педагог-психолог")
    EXTRA = "pdo", _("педагог дополнительного образования")
    SOCIAL = "socpedagog", _("социальный педагог")
    METHODIST = "metodist", _("методист")
    TUTOR = "tyutor", _("тьютор")
    ASSISTANT = "pomoshnik", _("помощник воспитателя")
    HEAD = "zaveduyushchiy", _("заведующий")
    DEPUTY = "zamestitel", _("заместитель заведующего")


class Category(models.TextChoices):
    NONE = "none", _("без категории")
    CONFORMITY = "conformity", _("соответствие занимаемой должности")
    FIRST = "first", _("первая")
    HIGHEST = "highest", _("высшая")
    METHODIST = "methodist", _("педагог-методист")
    MENTOR = "mentor", _("педагог-наставник")


class StaffMember(models.Model):
    """A member of the organisation's pedagogical staff (the staff directory)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="staff",
    )
    last_name = NameField(_("фамилия"), max_length=100)
    first_name = NameField(_("имя"), max_length=100)
    patronymic = NameField(_("отчество"), max_length=100, blank=True)
    position = models.CharField(_("должность"), max_length=40, choices=Position.choices)
    experience_total = models.DecimalField(
        _("педагогический стаж, лет"),
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[validate_experience],
    )
    experience_here = models.DecimalField(
        _("стаж в организации, лет"),
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=[validate_experience],
    )
    category = models.CharField(
        _("квалификационная категория"),
        max_length=20,
        choices=Category.choices,
        default=Category.NONE,
    )
    education = models.CharField(_("образование"), max_length=300, blank=True)
    birth_date = models.DateField(
        _("дата рождения"), null=True, blank=True, validators=[validate_birth_date]
    )
    hired_on = models.DateField(
        _("дата приёма"), null=True, blank=True, validators=[validate_sane_date]
    )
    email = models.EmailField(_("электронная почта"), blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name=_("учётная запись"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
    )
    is_active = models.BooleanField(_("работает"), default=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("педагог")
        verbose_name_plural = _("педагоги (кадровый состав)")
        ordering = ["last_name", "first_name", "patronymic"]
        indexes = [models.Index(fields=["organisation", "last_name"])]

    def __str__(self) -> str:
        return self.full_name

    def clean(self):
        # Rules between two fields; each field's own range is on the field. The page's form,
        # the admin and the import all call full_clean, so all three refuse the same values.
        errors = {}
        if message := hiring_error(birth_date=self.birth_date, hired_on=self.hired_on):
            errors["hired_on"] = message
        total, here = self.experience_total, self.experience_here
        numbers = (int, float, Decimal)
        if isinstance(total, numbers) and isinstance(here, numbers) and here > total:
            errors["experience_here"] = "Стаж в организации не может быть больше общего стажа."
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self) -> str:
        """«Иванова А.П.» as orders and plans write it."""
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()


class StaffImportMapping(models.Model):
    """What a curator told the staff import about her files, kept for the next import: which
    column header means which field, and whether a position we did not know is a teaching one."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="staff_import_mapping",
    )
    # Normalised column header → field of the staff card («» — the column is not loaded).
    columns = models.JSONField(_("столбцы"), default=dict, blank=True)
    # Normalised position as the file writes it → position code («-» — not a teaching post).
    positions = models.JSONField(_("должности"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("настройка загрузки списка педагогов")
        verbose_name_plural = _("настройки загрузки списка педагогов")

    def __str__(self) -> str:
        return str(self.organisation)


class StaffImportJob(models.Model):
    """One reading of an uploaded staff list — the preview, or the apply — done by the
    background worker, so that a big or hostile file never holds a web worker. The page polls
    it: the rows read so far while it runs, then the preview (kept here as plain JSON) or the
    Russian reason the file was refused."""

    class Kind(models.TextChoices):
        PREVIEW = "preview", _("проверка")
        APPLY = "apply", _("загрузка")

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("идёт")
        DONE = "done", _("готово")
        FAILED = "failed", _("не удалось")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="staff_import_jobs",
    )
    user = models.ForeignKey(
        "programme.User", verbose_name=_("кто загрузил"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("что делается"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("состояние"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # The uploaded file in the private storage (never served by its address).
    path = models.CharField(_("файл на сервере"), max_length=255)
    filename = models.CharField(_("имя файла"), max_length=255)
    settings = models.JSONField(_("настройки"), default=dict, blank=True)
    digest = models.CharField(_("отпечаток проверки"), max_length=64, blank=True)
    rows_read = models.PositiveIntegerField(_("прочитано строк"), default=0)
    result = models.JSONField(_("результат проверки"), null=True, blank=True)
    error = models.TextField(_("почему не удалось"), blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    finished_at = models.DateTimeField(_("закончено"), null=True, blank=True)

    class Meta:
        verbose_name = _("проверка списка педагогов")
        verbose_name_plural = _("проверки списков педагогов")
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
