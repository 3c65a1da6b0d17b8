"""The mentee base (2.3) and the mentor base (3.4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..validators import NOTE_MAX_LENGTH, text_limit, validate_sane_date
from .org import Organisation, StaffMember
from .roadmap import MentoringForm, Programme


class Competency(models.Model):
    """A professional competence / deficit: what mentees ask for and mentors offer."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="competencies",
    )
    name = models.CharField(_("название"), max_length=300)
    description = models.TextField(
        _("описание"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("используется"), default=True)

    class Meta:
        verbose_name = _("компетенция")
        verbose_name_plural = _("компетенции (дефициты)")
        ordering = ["organisation", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="competency_unique")
        ]

    def __str__(self) -> str:
        return self.name


class MenteeCategory(models.TextChoices):
    YOUNG = "young", _("молодой специалист (стаж до 3 лет)")
    NEWCOMER = "newcomer", _("новый сотрудник")
    CHANGED_POSITION = "changed_position", _("смена должности")
    ATTESTATION = "attestation", _("готовится к аттестации")
    DIFFICULTIES = "difficulties", _("испытывает затруднения")
    OTHER = "other", _("другое")


class MenteeStatus(models.TextChoices):
    CANDIDATE = "candidate", _("кандидат")
    INCLUDED = "included", _("включён в базу")
    PAIRED = "paired", _("в паре")
    COMPLETED = "completed", _("программа завершена")
    DROPPED = "dropped", _("выбытие из программы")


class MenteeProfile(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.CASCADE, related_name="mentees"
    )
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("педагог"),
        on_delete=models.CASCADE,
        related_name="mentee_profiles",
    )
    category = models.CharField(
        _("категория"), max_length=30, choices=MenteeCategory.choices, blank=True
    )
    preferred_form = models.CharField(
        _("предпочитаемая форма"), max_length=30, choices=MentoringForm.choices, blank=True
    )
    preferred_mentor = models.ForeignKey(
        StaffMember,
        verbose_name=_("желаемый наставник"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=MenteeStatus.choices, default=MenteeStatus.CANDIDATE
    )
    status_changed_at = models.DateTimeField(_("статус изменён"), null=True, blank=True)
    included_on = models.DateField(
        _("включён в базу"), null=True, blank=True, validators=[validate_sane_date]
    )
    left_on = models.DateField(
        _("дата выбытия"), null=True, blank=True, validators=[validate_sane_date]
    )
    left_reason = models.CharField(_("причина выбытия"), max_length=300, blank=True)
    note = models.TextField(
        _("примечание"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("наставляемый")
        verbose_name_plural = _("база наставляемых")
        ordering = ["programme", "staff__last_name", "staff__first_name"]
        constraints = [models.UniqueConstraint(fields=["programme", "staff"], name="mentee_unique")]

    def __str__(self) -> str:
        return str(self.staff)


class Priority(models.IntegerChoices):
    HIGH = 1, _("высокий")
    MEDIUM = 2, _("средний")
    LOW = 3, _("низкий")


class RequestSource(models.TextChoices):
    OWN = "own", _("анкета педагога")
    THIRD_PARTY = "third_party", _("третье лицо")
    CURATOR = "curator", _("куратор")


class MenteeRequest(models.Model):
    """A mentee's request: a competency to develop, with its priority."""

    mentee = models.ForeignKey(
        MenteeProfile,
        verbose_name=_("наставляемый"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("компетенция"), on_delete=models.PROTECT, related_name="+"
    )
    priority = models.PositiveSmallIntegerField(
        _("приоритет"), choices=Priority.choices, default=Priority.MEDIUM
    )
    note = models.CharField(_("комментарий"), max_length=500, blank=True)
    source = models.CharField(
        _("источник"), max_length=20, choices=RequestSource.choices, default=RequestSource.OWN
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("запрос наставляемого")
        verbose_name_plural = _("запросы наставляемых")
        ordering = ["mentee", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "competency"], name="mentee_request_unique")
        ]

    def __str__(self) -> str:
        return f"{self.competency} ({self.get_priority_display()})"


class MentorStatus(models.TextChoices):
    CANDIDATE = "candidate", _("кандидат")
    INTERVIEW = "interview", _("собеседование")
    TRAINING = "training", _("обучение")
    READY = "ready", _("готов")
    MENTOR = "mentor", _("наставник")
    LONG_TERM = "long_term", _("в долгосрочной базе")
    REJECTED = "rejected", _("не рекомендован")


ROSTRUD_LETTER = "письмо Роструда от 02.10.2025 № ТЗ/7300-6-1"


class LabourBasis(models.TextChoices):
    """Why a mentor may mentor under art. 351.8 of the Labour Code: her written consent, or —
    per the Роструд letter — mentoring is already part of her job duties (a senior educator's,
    say), where 351.8 does not apply and no consent is taken."""

    CONSENT = "consent", _("письменное согласие (ст. 351.8 ТК РФ)")
    DUTIES = (
        "duties",
        _(
            "наставничество входит в должностные обязанности (письмо Роструда от 02.10.2025 "
            "№ ТЗ/7300-6-1)"
        ),
    )


def labour_basis_present(prefix: str = "") -> models.Q:
    """The mentors whose labour basis is there: a dated written consent, or the duties case.
    `prefix` for a lookup through a relation («mentor__»)."""
    return models.Q(**{f"{prefix}labour_basis": LabourBasis.DUTIES}) | models.Q(
        **{
            f"{prefix}labour_basis": LabourBasis.CONSENT,
            f"{prefix}labour_consent_on__isnull": False,
        }
    )


class MentorProfile(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.CASCADE, related_name="mentors"
    )
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("педагог"),
        on_delete=models.CASCADE,
        related_name="mentor_profiles",
    )
    achievements = models.TextField(
        _("достижения"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    preferred_forms = models.JSONField(_("предпочитаемые формы"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("личный лимит наставляемых"),
        null=True,
        blank=True,
        help_text=_("Пусто — по умолчанию программы."),
    )
    availability = models.CharField(_("доступное время"), max_length=300, blank=True)
    offer_to_others = models.BooleanField(
        _("согласен на предложение другим организациям"), default=False
    )
    labour_basis = models.CharField(
        _("основание наставничества (ст. 351.8 ТК РФ)"),
        max_length=20,
        choices=LabourBasis.choices,
        default=LabourBasis.CONSENT,
    )
    labour_consent_on = models.DateField(
        _("письменное согласие (ст. 351.8 ТК РФ)"),
        null=True,
        blank=True,
        validators=[validate_sane_date],
    )
    labour_duties_note = models.CharField(
        _("где записаны обязанности наставника"),
        max_length=300,
        blank=True,
        help_text=_("Например: должностная инструкция старшего воспитателя, п. 2.7."),
    )
    addendum_content = models.TextField(
        _("доп. соглашение: содержание"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    addendum_term = models.CharField(_("доп. соглашение: срок"), max_length=200, blank=True)
    addendum_form = models.CharField(
        _("доп. соглашение: форма"), max_length=30, choices=MentoringForm.choices, blank=True
    )
    addendum_pay = models.CharField(_("доп. соглашение: оплата"), max_length=300, blank=True)
    addendum_signed_on = models.DateField(
        _("доп. соглашение подписано"),
        null=True,
        blank=True,
        validators=[validate_sane_date],
        help_text=_("Пока даты нет, соглашение ждёт подписи на странице «На подпись»."),
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=MentorStatus.choices, default=MentorStatus.CANDIDATE
    )
    # 7.8: she agrees to stay in the long-term base; «Копировать на следующий год» brings her
    # (competencies, achievements, forms, capacity) into next year's base.
    long_term_agreed = models.BooleanField(
        _("согласен остаться в долгосрочной базе наставников"), default=False
    )
    long_term_agreed_on = models.DateField(
        _("согласие остаться в базе отмечено"), null=True, blank=True
    )
    status_changed_at = models.DateTimeField(_("статус изменён"), null=True, blank=True)
    note = models.TextField(
        _("примечание"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("наставник")
        verbose_name_plural = _("база наставников")
        ordering = ["programme", "staff__last_name", "staff__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "staff"], name="mentor_unique"),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="mentor_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self.staff)

    @property
    def effective_capacity(self) -> int:
        return self.capacity or self.programme.default_capacity

    @property
    def has_labour_basis(self) -> bool:
        """The written consent is dated, or mentoring is in her duties (no consent needed)."""
        if self.labour_basis == LabourBasis.DUTIES:
            return True
        return self.labour_consent_on is not None

    @property
    def labour_basis_text(self) -> str:
        """«согласие от 01.03.2025», «в должностных обязанностях» or «нет» (lists, board)."""
        if self.labour_basis == LabourBasis.DUTIES:
            return "в должностных обязанностях"
        if self.labour_consent_on:
            return f"согласие от {self.labour_consent_on:%d.%m.%Y}"
        return "нет"


class CompetencyLevel(models.IntegerChoices):
    BASIC = 1, _("базовый")
    CONFIDENT = 2, _("уверенный")
    EXPERT = 3, _("экспертный")


class MentorCompetency(models.Model):
    mentor = models.ForeignKey(
        MentorProfile,
        verbose_name=_("наставник"),
        on_delete=models.CASCADE,
        related_name="competencies",
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("компетенция"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(
        _("уровень"), choices=CompetencyLevel.choices, default=CompetencyLevel.CONFIDENT
    )

    class Meta:
        verbose_name = _("компетенция наставника")
        verbose_name_plural = _("компетенции наставников")
        constraints = [
            models.UniqueConstraint(fields=["mentor", "competency"], name="mentor_comp_unique")
        ]

    def __str__(self) -> str:
        return f"{self.competency} ({self.get_level_display()})"


class PreferenceSide(models.TextChoices):
    MENTEE = "mentee", _("наставляемый о наставнике")
    MENTOR = "mentor", _("наставник о наставляемом")


class Preference(models.Model):
    """What one side said of the other after the group meeting (5.2): a place in the ranking
    (1 — most wanted) or «не хочу работать в паре». From the «Предпочтения» questionnaire."""

    mentee = models.ForeignKey(
        MenteeProfile,
        verbose_name=_("наставляемый"),
        on_delete=models.CASCADE,
        related_name="preferences",
    )
    mentor = models.ForeignKey(
        MentorProfile,
        verbose_name=_("наставник"),
        on_delete=models.CASCADE,
        related_name="preferences",
    )
    side = models.CharField(_("чьё мнение"), max_length=10, choices=PreferenceSide.choices)
    rank = models.PositiveSmallIntegerField(_("место"), null=True, blank=True)
    unwanted = models.BooleanField(_("нежелательный"), default=False)
    recorded_at = models.DateTimeField(_("записано"), auto_now=True)

    class Meta:
        verbose_name = _("предпочтение")
        verbose_name_plural = _("предпочтения (5.2)")
        ordering = ["side", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor", "side"], name="preference_unique"),
            models.CheckConstraint(
                condition=(models.Q(rank__isnull=False, rank__gte=1, unwanted=False))
                | models.Q(rank__isnull=True, unwanted=True),
                name="preference_rank_or_unwanted",
            ),
        ]

    def __str__(self) -> str:
        what = "нежелательный" if self.unwanted else f"место {self.rank}"
        return f"{self.get_side_display()}: {self.mentee} — {self.mentor}, {what}"


class OutcomeRole(models.TextChoices):
    MENTOR = "mentor", _("наставник")
    MENTEE = "mentee", _("наставляемый")


class OutcomeResult(models.TextChoices):
    """The values of pairing's GoalResult (the pair's confirmed outcome), kept here so that the
    bases, which stand under pairing, can hold them."""

    FULL = "full", _("цель достигнута полностью")
    PARTIAL = "partial", _("цель достигнута частично")
    NOT_ACHIEVED = "not_achieved", _("цель не достигнута")


class OutcomeEntry(models.Model):
    """The outcome of one pair written into a participant's base (7.7): one row per person and
    pair and role, made when the curator confirms the outcome (rewritten if she confirms it
    again after a correction). The teacher's history across programmes reads these rows."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="outcome_entries",
    )
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("педагог"),
        on_delete=models.CASCADE,
        related_name="outcome_entries",
    )
    role = models.CharField(_("роль"), max_length=10, choices=OutcomeRole.choices)
    # The pair's id: the bases stand under pairing, so no foreign key points up at it.
    pairing_ref = models.PositiveIntegerField(_("номер пары"))
    form = models.CharField(_("форма"), max_length=30, choices=MentoringForm.choices, blank=True)
    partners = models.CharField(_("с кем"), max_length=500, blank=True)
    ended_early = models.BooleanField(_("прекращена досрочно"), default=False)
    ended_on = models.DateField(_("дата окончания"), null=True, blank=True)
    result = models.CharField(_("итог"), max_length=20, choices=OutcomeResult.choices)
    conclusion = models.TextField(
        _("заключение"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    written_at = models.DateTimeField(_("записан в базу"), auto_now=True)

    class Meta:
        verbose_name = _("итог в базе")
        verbose_name_plural = _("итоги в базах (7.7)")
        ordering = ["programme", "staff", "pairing_ref"]
        constraints = [
            models.UniqueConstraint(
                fields=["pairing_ref", "staff", "role"], name="outcome_entry_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.get_role_display()}, {self.get_result_display()}"
