"""Questionnaires (versioned templates), personal-data consents and personal links.

Questionnaires are data: a programme gets the shipped presets as editable templates. A version
that has been answered is frozen; editing makes a new version, and every response keeps the
version it answered. No answer is stored without a valid processing consent (152-ФЗ); the
consent is its own record, with its text version, time and channel, and can be withdrawn.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import Organisation, Programme, StaffMember
from programme.uploads import stored_name


class ConsentKind(models.TextChoices):
    PROCESSING = "processing", _("обработка персональных данных")
    PUBLICATION = "publication", _("распространение (публикация) персональных данных")
    # 152-ФЗ: offering a mentor to another kindergarten is a transfer to another operator,
    # so it has its own consent, separate from processing (issue 24, item 4).
    SHARING = "sharing", _("предоставление данных наставника другим организациям")


class ConsentText(models.Model):
    """A version of an organisation's consent text. Texts are never edited once given."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="consent_texts",
    )
    kind = models.CharField(_("вид согласия"), max_length=20, choices=ConsentKind.choices)
    version = models.PositiveIntegerField(_("версия"))
    title = models.CharField(_("заголовок"), max_length=300)
    body = models.TextField(_("текст согласия"))
    requires_reconsent = models.BooleanField(
        _("требует повторного согласия"),
        default=False,
        help_text=_(
            "Все, кто согласился с более ранней версией, дают согласие заново; до этого их "
            "новые ответы не сохраняются. Без отметки версия действует только для новых согласий."
        ),
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)

    class Meta:
        verbose_name = _("текст согласия")
        verbose_name_plural = _("тексты согласий")
        ordering = ["organisation", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "version"], name="consent_text_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, версия {self.version}"

    @property
    def code(self) -> str:
        """The version code printed (and QR-encoded) on a paper form: «ds30-ПД-3»."""
        return f"{self.organisation.slug}-{CONSENT_CODE_KINDS[self.kind]}-{self.version}"


# The kind's mark in a printed version code.
CONSENT_CODE_KINDS = {
    ConsentKind.PROCESSING: "ПД",
    ConsentKind.PUBLICATION: "РАСП",
    ConsentKind.SHARING: "НАСТ",
}


class PublicationCategory(models.TextChoices):
    """What a person may allow to be published (152-ФЗ ст. 10.1): the public page obeys it."""

    NAME = "name", _("фамилия, имя, отчество")
    POSITION = "position", _("должность")
    PHOTO = "photo", _("фотография")
    CASE = "case", _("текст моего кейса (опыт участия в программе)")


class ConsentChannel(models.TextChoices):
    ONLINE = "online", _("онлайн")
    PAPER = "paper", _("на бумаге")


def consent_scan_path(instance: "Consent", filename: str) -> str:
    # A random name: a signed scan is served only through a checked view, under `scan_name`.
    return stored_name(f"consents/{instance.organisation_id}", filename)


class Consent(models.Model):
    """A person's consent of one kind, to one text version; withdrawal keeps the record."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("организация"), on_delete=models.CASCADE, related_name="+"
    )
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("педагог"), on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("вид согласия"), max_length=20, choices=ConsentKind.choices)
    text = models.ForeignKey(
        ConsentText, verbose_name=_("текст (версия)"), on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(_("дано"))
    channel = models.CharField(_("способ"), max_length=10, choices=ConsentChannel.choices)
    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    user_agent = models.CharField(_("браузер"), max_length=500, blank=True)
    scan = models.FileField(_("скан бумажного согласия"), upload_to=consent_scan_path, blank=True)
    scan_name = models.CharField(_("имя файла скана"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("внесено"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("отозвано"), null=True, blank=True)
    withdrawal_channel = models.CharField(
        _("способ отзыва"), max_length=10, choices=ConsentChannel.choices, blank=True
    )
    withdrawal_note = models.CharField(_("основание отзыва"), max_length=500, blank=True)
    withdrawal_report = models.JSONField(
        _("что удалено и что сохранено при отзыве"), default=dict, blank=True
    )
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("заменено согласием"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Повторное согласие на новую версию текста: прежнее перестаёт действовать."),
    )
    # Publication consent (ст. 10.1): what may be published, the bans and the conditions.
    publish_categories = models.JSONField(_("разрешено публиковать"), default=list, blank=True)
    publish_bans = models.TextField(_("запреты"), blank=True)
    publish_conditions = models.TextField(_("условия"), blank=True)

    class Meta:
        verbose_name = _("согласие")
        verbose_name_plural = _("согласия")
        ordering = ["-given_at"]
        indexes = [models.Index(fields=["staff", "kind", "withdrawn_at"])]
        constraints = [
            # One valid consent per person and kind: a second click, a second device or a
            # second worker can never add another (the service returns the one there is).
            models.UniqueConstraint(
                fields=["staff", "kind"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_valid_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.get_kind_display()}"

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_at is None

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by_id is not None

    @property
    def publish_labels(self) -> list[str]:
        labels = dict(PublicationCategory.choices)
        return [str(labels[c]) for c in self.publish_categories if c in labels]


class QuestionnaireKind(models.TextChoices):
    MENTEE_INTAKE = "mentee_intake", _("Анкета наставляемого (2.1)")
    THIRD_PARTY = "third_party", _("Информация о наставляемом от третьих лиц (2.2)")
    MENTOR_INTAKE = "mentor_intake", _("Анкета наставника (3.3)")
    PREFERENCE = "preference", _("Предпочтения после групповой встречи (5.2)")
    INTERIM_FEEDBACK = "interim_feedback", _("Промежуточная обратная связь (6.5)")
    SATISFACTION = "satisfaction", _("Удовлетворённость участием в программе (6.8)")
    QUALITY = "quality", _("Качество реализации программы (7.3)")
    SELF_ASSESSMENT = "self_assessment", _("Самооценка по параметрам (3.2, 4.1, 7.4)")
    CUSTOM = "custom", _("Другая анкета")


# The roadmap activity each kind of questionnaire serves.
QUESTIONNAIRE_ACTIVITY = {
    QuestionnaireKind.MENTEE_INTAKE: "2.1",
    QuestionnaireKind.THIRD_PARTY: "2.2",
    QuestionnaireKind.MENTOR_INTAKE: "3.3",
    QuestionnaireKind.PREFERENCE: "5.2",
    QuestionnaireKind.INTERIM_FEEDBACK: "6.5",
    QuestionnaireKind.SATISFACTION: "6.8",
    QuestionnaireKind.QUALITY: "7.3",
}


class Questionnaire(models.Model):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="questionnaires",
    )
    kind = models.CharField(_("вид"), max_length=30, choices=QuestionnaireKind.choices)
    title = models.CharField(_("название"), max_length=300)
    description = models.TextField(_("вступительный текст"), blank=True)
    is_active = models.BooleanField(_("используется"), default=True)
    assessment_round = models.ForeignKey(
        "programme.AssessmentRound",
        verbose_name=_("этап оценки (для самооценки)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="self_assessments",
    )
    assessment_scope = models.CharField(
        _("группа (для самооценки)"),
        max_length=20,
        blank=True,
        choices=[("mentees", _("наставляемые")), ("mentors", _("наставники"))],
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("анкета")
        verbose_name_plural = _("анкеты")
        ordering = ["programme", "kind", "title"]

    def __str__(self) -> str:
        return self.title


class QuestionnaireVersion(models.Model):
    """The questions as they stood when answered. The newest version is the one filled now."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("анкета"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("номер версии"))
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    note = models.CharField(_("что изменено"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("версия анкеты")
        verbose_name_plural = _("версии анкет")
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "number"], name="questionnaire_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire}, версия {self.number}"


class Section(models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("версия"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    title = models.CharField(_("заголовок"), max_length=300)
    description = models.TextField(_("пояснение"), blank=True)

    class Meta:
        verbose_name = _("раздел анкеты")
        verbose_name_plural = _("разделы анкеты")
        ordering = ["version", "order"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("короткий текст")
    LONG_TEXT = "long_text", _("развёрнутый ответ")
    SINGLE = "single", _("один вариант")
    MULTIPLE = "multiple", _("несколько вариантов")
    SCALE = "scale", _("шкала")
    YES_NO = "yes_no", _("да / нет")
    NUMBER = "number", _("число")
    DATE = "date", _("дата")
    COMPETENCIES = "competencies", _("компетенции с приоритетом")
    RANKING = "ranking", _("ранжирование людей")


class BaseField(models.TextChoices):
    """Where an answer goes in the mentee or mentor base. Mapped here, never by wording."""

    NONE = "", _("—")
    MENTEE_CATEGORY = "mentee.category", _("наставляемый: категория")
    MENTEE_REQUESTS = "mentee.requests", _("наставляемый: запросы (дефициты) с приоритетом")
    MENTEE_PREFERRED_FORM = "mentee.preferred_form", _("наставляемый: предпочитаемая форма")
    MENTEE_PREFERRED_MENTOR = "mentee.preferred_mentor", _("наставляемый: желаемый наставник")
    MENTOR_COMPETENCIES = "mentor.competencies", _("наставник: компетенции")
    MENTOR_ACHIEVEMENTS = "mentor.achievements", _("наставник: достижения")
    MENTOR_CAPACITY = "mentor.capacity", _("наставник: сколько наставляемых готов взять")
    MENTOR_AVAILABILITY = "mentor.availability", _("наставник: доступное время")
    MENTOR_PREFERRED_FORMS = "mentor.preferred_forms", _("наставник: предпочитаемые формы")
    MENTOR_OFFER_TO_OTHERS = (
        "mentor.offer_to_others",
        _("наставник: согласен на предложение другим организациям"),
    )
    STAFF_EXPERIENCE = "staff.experience_total", _("педагог: педагогический стаж")
    ASSESSMENT_SCORE = "assessment.score", _("оценка: балл по параметру оценки")
    PREFERENCES = "pairing.preferences", _("участник: предпочтения (места и нежелательные)")


class PeopleSource(models.TextChoices):
    NONE = "", _("—")
    STAFF = "staff", _("педагоги организации")
    MENTORS = "mentors", _("наставники программы")
    MENTEES = "mentees", _("наставляемые программы")
    COUNTERPARTS = "counterparts", _("наставники для наставляемого, наставляемые для наставника")


class Question(models.Model):
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("версия"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("раздел"),
        on_delete=models.CASCADE,
        related_name="questions",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    kind = models.CharField(_("тип вопроса"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("вопрос"), max_length=500)
    help_text = models.CharField(_("подсказка"), max_length=500, blank=True)
    required = models.BooleanField(_("обязательный"), default=True)
    scale_min = models.SmallIntegerField(_("шкала: от"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("шкала: до"), null=True, blank=True)
    scale_min_label = models.CharField(_("подпись минимума"), max_length=100, blank=True)
    scale_max_label = models.CharField(_("подпись максимума"), max_length=100, blank=True)
    maps_to = models.CharField(
        _("поле базы"), max_length=40, choices=BaseField.choices, blank=True, default=""
    )
    people_source = models.CharField(
        _("список людей"),
        max_length=20,
        choices=PeopleSource.choices,
        blank=True,
        default="",
        help_text=_("Для выбора человека и ранжирования: из кого выбирать."),
    )
    allow_unwanted = models.BooleanField(_("можно отметить нежелательных"), default=False)
    code = models.SlugField(
        _("код вопроса"),
        max_length=60,
        blank=True,
        help_text=_("Для сводок и сравнения версий; не меняется при правке текста."),
    )
    assessment_parameter = models.ForeignKey(
        "programme.AssessmentParameter",
        verbose_name=_("параметр оценки"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Для самооценки: ответ становится баллом по этому параметру."),
    )

    class Meta:
        verbose_name = _("вопрос")
        verbose_name_plural = _("вопросы")
        ordering = ["version", "section__order", "order"]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("вопрос"), on_delete=models.CASCADE, related_name="choices"
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    text = models.CharField(_("вариант"), max_length=300)
    value = models.CharField(
        _("значение"), max_length=60, blank=True, help_text=_("Код для базы, например форма.")
    )

    class Meta:
        verbose_name = _("вариант ответа")
        verbose_name_plural = _("варианты ответа")
        ordering = ["question", "order"]

    def __str__(self) -> str:
        return self.text


class InvitationStatus(models.TextChoices):
    CREATED = "created", _("создано")
    SENT = "sent", _("отправлено")
    OPENED = "opened", _("открыто")
    DRAFT = "draft", _("черновик")
    SUBMITTED = "submitted", _("отправлена анкета")


class Invitation(models.Model):
    """A personal link to a questionnaire. The token is shown once; only its hash is kept."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("анкета"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("кому"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    subject = models.ForeignKey(
        StaffMember,
        verbose_name=_("о ком (для третьих лиц)"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    token_nonce = models.CharField(_("затравка ключа"), max_length=40)
    token_hash = models.CharField(_("хеш ключа"), max_length=64, unique=True)
    status = models.CharField(
        _("статус"),
        max_length=20,
        choices=InvitationStatus.choices,
        default=InvitationStatus.CREATED,
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("создал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("действует до"))
    revoked_at = models.DateTimeField(_("отозвано"), null=True, blank=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)
    opened_at = models.DateTimeField(_("открыто"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("напоминание"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("напоминаний"), default=0)

    class Meta:
        verbose_name = _("приглашение")
        verbose_name_plural = _("приглашения (личные ссылки)")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["questionnaire", "status"])]

    def __str__(self) -> str:
        return f"{self.staff} — {self.questionnaire}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("черновик")
    SUBMITTED = "submitted", _("отправлена")


class Response(models.Model):
    """One filling of a questionnaire version by one person (or about one person)."""

    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("версия анкеты"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("приглашение"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="response",
    )
    respondent = models.ForeignKey(
        StaffMember,
        verbose_name=_("респондент"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
    )
    subject = models.ForeignKey(
        StaffMember,
        verbose_name=_("о ком"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses_about",
    )
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("согласие"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    started_at = models.DateTimeField(_("начата"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)
    submitted_at = models.DateTimeField(_("отправлена"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("обезличена"), null=True, blank=True)

    class Meta:
        verbose_name = _("ответ на анкету")
        verbose_name_plural = _("ответы на анкеты")
        ordering = ["-submitted_at", "-started_at"]
        indexes = [models.Index(fields=["version", "status"])]

    def __str__(self) -> str:
        return f"{self.respondent or 'обезличено'} — {self.version}"


class Answer(models.Model):
    """The value of one question, as JSON: text, number, list of choices, ranking…"""

    response = models.ForeignKey(
        Response, verbose_name=_("анкета"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("вопрос"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.JSONField(_("значение"), null=True, blank=True)

    class Meta:
        verbose_name = _("ответ на вопрос")
        verbose_name_plural = _("ответы на вопросы")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class JoinRequest(models.Model):
    """A teacher without email asked, on the public join page behind the announcement's QR code,
    for her personal questionnaire link: she left her name (and group or position). The curator
    prints her invitation sheet from the dashboard and marks the request done. Nothing links it
    to the staff list: the page never says whether the name matched."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("организация"), on_delete=models.CASCADE, related_name="+"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    full_name = models.CharField(_("ФИО"), max_length=200)
    detail = models.CharField(_("группа или должность"), max_length=200, blank=True)
    # The name and the detail as compared: lower case, «ё» as «е», one space.
    name_key = models.CharField(_("ФИО для сравнения"), max_length=200, editable=False)
    detail_key = models.CharField(_("уточнение для сравнения"), max_length=200, editable=False)
    created_at = models.DateTimeField(_("оставлена"), auto_now_add=True)
    done_at = models.DateTimeField(_("выполнена"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("отметил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("просьба о личной ссылке")
        verbose_name_plural = _("просьбы о личной ссылке (страница программы)")
        ordering = ["created_at"]
        constraints = [
            # The same name left twice (a double tap, a second visit) is one open request.
            models.UniqueConstraint(
                fields=["programme", "name_key", "detail_key"],
                condition=models.Q(done_at__isnull=True),
                name="join_request_open_once",
            )
        ]

    def __str__(self) -> str:
        return self.full_name
