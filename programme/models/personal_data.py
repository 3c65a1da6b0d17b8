"""The catalogue of personal data the product stores (152-ФЗ ст. 9 ч. 4 п. 5): one place, next to
the models that hold it.

The consent text lists every category below in these words, the admin refuses a consent text
that misses one, and a test walks the models: every field of a model that holds data about a
person (the staff record and every model linked to it, directly or through another such model)
is either in a category here or named in TECHNICAL with the reason it is not personal data. A
new field therefore cannot be added without this list knowing.

Fields are written «app_label.Model.field». Relations (a response's respondent, a profile's
staff record) are links, not data, and are not listed; what they link is.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DataCategory:
    code: str
    label: str  # as the consent text and the printed form write it
    fields: tuple[str, ...]


CATEGORIES: tuple[DataCategory, ...] = (
    DataCategory(
        "name",
        "фамилия, имя, отчество",
        (
            "programme.StaffMember.last_name",
            "programme.StaffMember.first_name",
            "programme.StaffMember.patronymic",
            "programme.User.last_name",
            "programme.User.first_name",
            "programme.User.patronymic",
        ),
    ),
    DataCategory(
        "job",
        "должность, квалификационная категория, образование, сведения о работе в организации",
        (
            "programme.StaffMember.position",
            "programme.StaffMember.category",
            "programme.StaffMember.education",
            "programme.StaffMember.is_active",
        ),
    ),
    DataCategory(
        "experience",
        "педагогический стаж, стаж работы в организации, дата приёма на работу",
        (
            "programme.StaffMember.experience_total",
            "programme.StaffMember.experience_here",
            "programme.StaffMember.hired_on",
        ),
    ),
    DataCategory("birth", "дата рождения", ("programme.StaffMember.birth_date",)),
    DataCategory(
        "contacts",
        "адрес электронной почты и номер телефона",
        (
            "programme.StaffMember.email",
            "programme.StaffMember.phone",
            "programme.User.email",
        ),
    ),
    DataCategory(
        "account",
        "логин, роль и сведения о входах в систему (дата и время)",
        (
            "programme.User.username",
            "programme.User.role",
            "programme.User.is_active",
            "programme.User.is_staff",
            "programme.User.is_superuser",
            "programme.User.last_login",
            "programme.User.date_joined",
            "pairing.SignInLink.channel",
            "pairing.SignInLink.created_at",
            "pairing.SignInLink.expires_at",
            "pairing.SignInLink.used_at",
        ),
    ),
    DataCategory(
        "consents",
        "сведения о согласиях: дата и время, способ, версия текста, IP-адрес и сведения о "
        "браузере, скан подписанного согласия, разрешения, запреты и условия публикации, отзыв",
        (
            "surveys.Consent.kind",
            "surveys.Consent.given_at",
            "surveys.Consent.channel",
            "surveys.Consent.ip_address",
            "surveys.Consent.user_agent",
            "surveys.Consent.scan",
            "surveys.Consent.scan_name",
            "surveys.Consent.withdrawn_at",
            "surveys.Consent.withdrawal_channel",
            "surveys.Consent.withdrawal_note",
            "surveys.Consent.withdrawal_report",
            "surveys.Consent.publish_categories",
            "surveys.Consent.publish_bans",
            "surveys.Consent.publish_conditions",
        ),
    ),
    DataCategory(
        "answers",
        "ответы на анкеты программы (профессиональные затруднения и запросы, компетенции, "
        "достижения, предпочтения, оценка удовлетворённости) и сведения о приглашениях к ним",
        (
            "surveys.Answer.value",
            "surveys.Response.status",
            "surveys.Response.started_at",
            "surveys.Response.updated_at",
            "surveys.Response.submitted_at",
            "surveys.Response.anonymised_at",
            "surveys.Invitation.status",
            "surveys.Invitation.created_at",
            "surveys.Invitation.expires_at",
            "surveys.Invitation.revoked_at",
            "surveys.Invitation.sent_at",
            "surveys.Invitation.opened_at",
            "surveys.Invitation.reminded_at",
            "surveys.Invitation.reminders_sent",
        ),
    ),
    DataCategory(
        "observations",
        "сведения о педагоге от третьих лиц (педагога-психолога, руководителя): наблюдения и "
        "рекомендации",
        # Stored as answers of the «третьи лица» questionnaire about the person.
        ("surveys.Answer.value",),
    ),
    DataCategory(
        "mentee_base",
        "сведения базы наставляемых: категория, запросы (профессиональные дефициты) с "
        "приоритетом, предпочитаемая форма и наставник, статус, даты включения и выбытия",
        (
            "programme.MenteeProfile.category",
            "programme.MenteeProfile.preferred_form",
            "programme.MenteeProfile.status",
            "programme.MenteeProfile.status_changed_at",
            "programme.MenteeProfile.included_on",
            "programme.MenteeProfile.left_on",
            "programme.MenteeProfile.left_reason",
            "programme.MenteeProfile.note",
            "programme.MenteeProfile.created_at",
            "programme.MenteeRequest.priority",
            "programme.MenteeRequest.note",
            "programme.MenteeRequest.source",
            "programme.MenteeRequest.created_at",
        ),
    ),
    DataCategory(
        "mentor_base",
        "сведения базы наставников: компетенции, достижения, готовность взять наставляемых, "
        "доступное время, предпочитаемые формы, согласие на предложение другим организациям, "
        "письменное согласие и условия дополнительного соглашения (ст. 351.8 ТК РФ), статус",
        (
            "programme.MentorProfile.achievements",
            "programme.MentorProfile.preferred_forms",
            "programme.MentorProfile.capacity",
            "programme.MentorProfile.availability",
            "programme.MentorProfile.offer_to_others",
            "programme.MentorProfile.labour_basis",
            "programme.MentorProfile.labour_consent_on",
            "programme.MentorProfile.labour_duties_note",
            "programme.MentorProfile.addendum_content",
            "programme.MentorProfile.addendum_term",
            "programme.MentorProfile.addendum_form",
            "programme.MentorProfile.addendum_pay",
            "programme.MentorProfile.addendum_signed_on",
            "programme.MentorProfile.status",
            "programme.MentorProfile.status_changed_at",
            "programme.MentorProfile.note",
            "programme.MentorProfile.created_at",
            "programme.MentorProfile.long_term_agreed",
            "programme.MentorProfile.long_term_agreed_on",
            "programme.MentorCompetency.level",
        ),
    ),
    DataCategory(
        "preferences",
        "предпочтения после групповой встречи: желаемые и нежелательные участники",
        (
            "programme.Preference.side",
            "programme.Preference.rank",
            "programme.Preference.unwanted",
            "programme.Preference.recorded_at",
        ),
    ),
    DataCategory(
        "scores",
        "результаты оценки (баллы по параметрам) до и после программы",
        ("programme.Score.value",),
    ),
    DataCategory(
        "interviews",
        "собеседование с кандидатом в наставники: дата, ход собеседования, заключение и условия",
        (
            "programme.Interview.date",
            "programme.Interview.notes",
            "programme.Interview.conclusion",
            "programme.Interview.conditions",
            "programme.Interview.created_at",
        ),
    ),
    DataCategory(
        "training",
        "обучение наставников: посещение занятий, отметка о завершении",
        (
            "programme.Attendance.attended",
            "programme.TrainingCompletion.marked_at",
        ),
    ),
    DataCategory(
        "events",
        "участие в мероприятиях программы: приглашение и присутствие",
        ("programme.EventInvitee.attended", "programme.EventInvitee.invited_at"),
    ),
    DataCategory(
        "pairs",
        "участие в наставнической паре (группе): наставник и наставляемые, форма и срок, оценка "
        "подбора, прекращение и его причина, приказ о закреплении, уведомление, итог "
        "наставничества (достижение цели, заключение)",
        (
            "pairing.Pairing.form",
            "pairing.Pairing.starts_on",
            "pairing.Pairing.ends_on",
            "pairing.Pairing.beyond_year",
            "pairing.Pairing.status",
            "pairing.Pairing.confirmed_at",
            "pairing.Pairing.ended_on",
            "pairing.Pairing.end_reason",
            "pairing.Pairing.end_kind",
            "pairing.Pairing.end_notified_at",
            "pairing.Pairing.mentor_back_at",
            "pairing.Pairing.ended_by_mentor",
            "pairing.Pairing.notice_on",
            "pairing.Pairing.created_at",
            "pairing.Pairing.updated_at",
            "pairing.PairingOutcome.result",
            # A request of another kindergarten to borrow a shared mentor (issue 24 item 4).
            "pairing.MentorLoan.message",
            "pairing.MentorLoan.created_at",
            "pairing.MentorLoan.mentor_answer",
            "pairing.MentorLoan.mentor_answered_at",
            "pairing.MentorLoan.home_answer",
            "pairing.MentorLoan.home_answered_at",
            "pairing.MentorLoan.status",
            "pairing.MentorLoan.closed_at",
            "pairing.MentorLoan.close_reason",
            "pairing.PairingOutcome.conclusion",
            "pairing.PairingOutcome.recorded_at",
            "pairing.PairingOutcome.confirmed_at",
            "pairing.PairingOutcome.returned_at",
            "pairing.PairingOutcome.return_note",
            # the outcome written into the bases (7.7): her history across programmes
            "programme.OutcomeEntry.role",
            "programme.OutcomeEntry.pairing_ref",
            "programme.OutcomeEntry.form",
            "programme.OutcomeEntry.partners",
            "programme.OutcomeEntry.ended_early",
            "programme.OutcomeEntry.ended_on",
            "programme.OutcomeEntry.result",
            "programme.OutcomeEntry.conclusion",
            "programme.OutcomeEntry.written_at",
            "pairing.Membership.pinned",
            "pairing.Membership.score",
            "pairing.Membership.score_parts",
            "pairing.Membership.reason",
            "pairing.Membership.joined_on",
            "pairing.Membership.left_on",
            "pairing.Membership.left_reason",
            "pairing.OrderItem.action",
            "pairing.OrderItem.position",
            "pairing.OrderItem.snapshot",
            "pairing.Notice.emailed_at",
            "pairing.Notice.printed_at",
            "reports.Award.citation",
            "reports.Award.document",
            "reports.Award.awarded_on",
            "reports.Award.created_at",
        ),
    ),
)

# Stage 6: the pair's plan and meetings (pairing/models).
CATEGORIES += (
    DataCategory(
        "plans",
        "индивидуальный план развития: профессиональные дефициты, цель и задачи, мероприятия, "
        "сроки, отметки о выполнении, подтверждения и комментарии",
        (
            "pairing.Plan.number",
            "pairing.Plan.status",
            "pairing.Plan.deficits",
            "pairing.Plan.goal",
            "pairing.Plan.tasks",
            "pairing.Plan.created_at",
            "pairing.Plan.updated_at",
            "pairing.Plan.submitted_at",
            "pairing.Plan.approved_at",
            "pairing.Plan.superseded_at",
            "pairing.PlanActivity.position",
            "pairing.PlanActivity.content",
            "pairing.PlanActivity.kind",
            "pairing.PlanActivity.starts_on",
            "pairing.PlanActivity.due_on",
            "pairing.PlanActivity.responsible",
            "pairing.PlanActivity.done_on",
            "pairing.PlanActivity.evidence_file",
            "pairing.PlanActivity.evidence_name",
            "pairing.PlanActivity.evidence_url",
            "pairing.PlanComment.author_name",
            "pairing.PlanComment.text",
            "pairing.PlanComment.created_at",
        ),
    ),
    DataCategory(
        "meetings",
        "встречи наставнической пары: вид, дата и время, место, тема, ход и итоги, материалы, "
        "запросы обратной связи",
        (
            "pairing.Meeting.kind",
            "pairing.Meeting.starts_at",
            "pairing.Meeting.duration",
            "pairing.Meeting.place",
            "pairing.Meeting.online_url",
            "pairing.Meeting.topic",
            "pairing.Meeting.status",
            "pairing.Meeting.notes",
            "pairing.Meeting.result",
            "pairing.Meeting.reminder_sent_at",
            "pairing.Meeting.created_at",
            "pairing.Meeting.updated_at",
            "pairing.MeetingAttachment.file",
            "pairing.MeetingAttachment.name",
            "pairing.MeetingAttachment.size",
            "pairing.MeetingAttachment.uploaded_at",
            "pairing.FeedbackRequest.created_at",
        ),
    ),
)

# Stage 7: the case of a pair (reports/models/cases.py).
CATEGORIES += (
    DataCategory(
        "cases",
        "кейс наставнической пары: участники, проблема, цель, что сделано, результаты, выводы, "
        "материалы, статус и дата публикации",
        (
            "reports.Case.title",
            "reports.Case.participants",
            "reports.Case.problem",
            "reports.Case.goal",
            "reports.Case.what_was_done",
            "reports.Case.results",
            "reports.Case.lessons",
            "reports.Case.status",
            "reports.Case.published_at",
            "reports.Case.created_at",
            "reports.Case.updated_at",
            "reports.CaseMaterial.url",
            "reports.CaseMaterial.title",
            "reports.CaseMaterial.order",
        ),
    ),
    DataCategory(
        "photo",
        "фотография (для страницы организации, только с согласием на распространение)",
        ("reports.PublicPhoto.image", "reports.PublicPhoto.uploaded_at"),
    ),
)

# Fields of those models that are not data about the person, and why.
TECHNICAL: dict[str, str] = {
    "programme.StaffMember.created_at": "когда запись внесена в список",
    "programme.User.password": "хранится только необратимый хеш пароля",
    "surveys.Invitation.token_nonce": "служебная затравка ключа ссылки",
    "surveys.Invitation.token_hash": "хеш ключа ссылки",
    "pairing.SignInLink.token_nonce": "служебная затравка ключа ссылки для входа",
    "pairing.SignInLink.token_hash": "хеш ключа ссылки для входа",
    "pairing.CalendarFeed.token_nonce": "служебная затравка ключа ссылки на календарь",
    "pairing.CalendarFeed.token_hash": "хеш ключа ссылки на календарь",
    "pairing.CalendarFeed.created_at": "когда выдана ссылка на календарь встреч",
    "pairing.CalendarFeed.revoked_at": "когда ссылка на календарь отозвана",
}

# --- Copies of a person's answers in other records (issue 22 §3) ---------------------------
#
# Her answers (requests and their notes, difficulties, achievements) are copied into other
# records: the plan's header is prefilled from her requests, the mentor writes the goal from
# them, the board explains a pair by them. A copy is personal data as much as the answer, so a
# withdrawal reaches it by the rule here: REWRITE puts ERASED_TEXT in place of the text (a plan
# keeps its structure), CLEAR empties it, ENTRIES rewrites the entries of a JSON list that name
# her mentee profile (`person` is then the entry's key). The trail's recorded values of these
# fields go with them. Every text field of the apps is classified below: a copy with its rule,
# erased with her own record, or not a copy (with the reason); a test fails on a new text field
# that is none of these.

ERASED_TEXT = "сведения удалены по отзыву согласия"
REWRITE, CLEAR, ENTRIES = "rewrite", "clear", "entries"


@dataclass(frozen=True)
class AnswerCopy:
    field: str  # «app_label.Model.field»
    person: str  # lookup from the row to her staff record (ENTRIES: the entry's key)
    rule: str
    label: str  # as the withdrawal report names it


ANSWER_COPIES: tuple[AnswerCopy, ...] = (
    AnswerCopy(
        "pairing.Plan.deficits",
        "membership__mentee__staff",
        REWRITE,
        "профессиональные дефициты в индивидуальном плане (заполнены из её запросов)",
    ),
    AnswerCopy("pairing.Plan.goal", "membership__mentee__staff", REWRITE, "цель в её плане"),
    AnswerCopy("pairing.Plan.tasks", "membership__mentee__staff", REWRITE, "задачи в её плане"),
    AnswerCopy(
        "pairing.PlanComment.text",
        "plan__membership__mentee__staff",
        REWRITE,
        "комментарии наставника и куратора к её плану",
    ),
    AnswerCopy(
        "pairing.Membership.reason",
        "mentee__staff",
        REWRITE,
        "обоснование подбора пары (по её запросам)",
    ),
    AnswerCopy(
        "pairing.Membership.score_parts",
        "mentee__staff",
        CLEAR,
        "оценка подбора пары по критериям",
    ),
    AnswerCopy(
        "pairing.BoardRun.unmatched",
        "mentee",
        ENTRIES,
        "причина «без пары» в прежних подборах",
    ),
)

# A case is prefilled from her requests and her plan, and names its participants: a
# withdrawal rewrites those parts of the case (its structure and the pair's work stay).
ANSWER_COPIES += (
    AnswerCopy(
        "reports.Case.problem",
        "pairing__members__mentee__staff",
        REWRITE,
        "проблема (дефициты) в кейсе пары (заполнена из её запросов)",
    ),
    AnswerCopy("reports.Case.goal", "pairing__members__mentee__staff", REWRITE, "цель в кейсе"),
    AnswerCopy(
        "reports.Case.participants",
        "pairing__members__mentee__staff",
        REWRITE,
        "участники кейса пары (её имя и должность)",
    ),
    AnswerCopy(
        "reports.Case.participants",
        "pairing__mentor__staff",
        REWRITE,
        "участники кейса пары (имя и должность наставника)",
    ),
)

# Text fields of her own records that the withdrawal deletes or clears with the record itself
# (surveys/services/erasure.py), and how.
ERASED_WITH_PERSON: dict[str, str] = {
    "surveys.Answer.value": "ответы удаляются (анкета остаётся только фактом и датой)",
    "programme.StaffMember.education": "очищается (STAFF_FIELDS_CLEARED)",
    "programme.StaffMember.email": "очищается (STAFF_FIELDS_CLEARED)",
    "programme.StaffMember.phone": "очищается (STAFF_FIELDS_CLEARED)",
    "programme.MenteeProfile.note": "очищается или удаляется с профилем",
    "programme.MenteeProfile.left_reason": "очищается или удаляется с профилем",
    "programme.MenteeRequest.note": "запросы удаляются",
    "programme.MentorProfile.achievements": "очищается или удаляется с профилем",
    "programme.MentorProfile.preferred_forms": "очищается или удаляется с профилем",
    "programme.MentorProfile.availability": "очищается или удаляется с профилем",
    "programme.MentorProfile.note": "очищается или удаляется с профилем",
    "programme.Interview.notes": "собеседования удаляются",
    "programme.Interview.conditions": "собеседования удаляются",
}
# The trail copies every audited field: its entries about her are anonymised
# (anonymise_person_trail), and the values of the copies above are hidden in every entry.
ERASED_WITH_PERSON |= {
    f"programme.AuditEntry.{name}": "журнал: записи о ней обезличиваются, значения копий скрыты"
    for name in (
        "object_pk",
        "object_repr",
        "serialized_data",
        "changes_text",
        "changes",
        "cid",
        "additional_data",
        "actor_email",
        "actor_label",
    )
}


def _fields(label: str, *names: str) -> list[str]:
    return [f"{label}.{name}" for name in names]


_NOT_COPIES: dict[str, list[str]] = {
    "сведения об организации и её программе, не о педагоге": [
        *_fields(
            "programme.Organisation",
            "full_name",
            "short_name",
            "slug",
            "address",
            "city",
            "head_name",
            "head_position",
            "site",
            "email",
            "phone",
            "processor_name",
            "processor_address",
        ),
        *_fields("programme.Territory", "name", "authority", "email"),
        *_fields("programme.StaffImportMapping", "columns", "positions"),
        *_fields(
            "programme.Programme",
            "title",
            "forms",
            "regulation",
            "council_protocol_number",
            "parent_committee_note",
        ),
        *_fields("programme.Stage", "title", "goal", "task", "result"),
        *_fields(
            "programme.Activity",
            "code",
            "title",
            "deadline_text",
            "responsible_text",
            "note",
            "evidence_url",
            "evidence_label",
        ),
        *_fields("programme.Competency", "name", "description"),
        *_fields("programme.AssessmentParameter", "name"),
        *_fields("programme.AssessmentRound", "title"),
        *_fields("programme.Event", "title", "place", "description", "minutes"),
        *_fields("programme.EventAttachment", "title", "original_name"),
        *_fields("programme.Material", "title", "original_name", "url"),
        *_fields("programme.TrainingSession", "topic", "place"),
        *_fields("pairing.BoardRun", "preset", "weights"),
    ],
    "внешние участники и эксперты: не педагоги организации": [
        *_fields("programme.EventGuest", "full_name", "organisation_name", "position", "email"),
        *_fields("programme.Expert", "full_name", "organisation_name", "position", "contacts"),
    ],
    "текст анкет и согласий, одинаковый для всех": [
        *_fields("surveys.ConsentText", "title", "body"),
        *_fields("surveys.Questionnaire", "title", "description"),
        *_fields("surveys.QuestionnaireVersion", "note"),
        *_fields("surveys.Section", "title", "description"),
        *_fields(
            "surveys.Question", "text", "help_text", "scale_min_label", "scale_max_label", "code"
        ),
        *_fields("surveys.Choice", "text", "value"),
    ],
    "личность и учётная запись, не ответы (категории «ФИО», «контакты», «учётная запись»)": [
        *_fields("programme.StaffMember", "last_name", "first_name", "patronymic"),
        *_fields(
            "programme.User",
            "password",
            "username",
            "first_name",
            "last_name",
            "email",
            "patronymic",
        ),
    ],
    "служебные ключи ссылок": [
        *_fields("surveys.Invitation", "token_nonce", "token_hash"),
        *_fields("pairing.CalendarFeed", "token_nonce", "token_hash"),
        *_fields("pairing.SignInLink", "token_nonce", "token_hash"),
    ],
    "согласие и его отзыв хранятся как доказательство (152-ФЗ ст. 9 ч. 3); отчёт об отзыве "
    "называет только виды сведений и их число": [
        *_fields(
            "surveys.Consent",
            "user_agent",
            "scan_name",
            "withdrawal_note",
            "withdrawal_report",
            "publish_categories",
            "publish_bans",
            "publish_conditions",
        ),
    ],
    "кадровые документы наставничества (ТК РФ ст. 351.8): приказ, дополнительное соглашение, "
    "основание выхода и прекращения; пишутся куратором, не из анкет": [
        *_fields("programme.MentorProfile", "addendum_content", "addendum_term", "addendum_pay"),
        *_fields("pairing.Order", "number", "city", "title", "regulation", "payments"),
        "pairing.OrderItem.snapshot",
        "pairing.Pairing.end_reason",
        "pairing.Membership.left_reason",
    ],
    "работа пары, которую ведёт наставник (встречи, мероприятия плана, подтверждения): "
    "структура плана остаётся, копий анкеты в ней нет": [
        *_fields("pairing.Meeting", "place", "online_url", "topic", "notes", "result"),
        "pairing.MeetingAttachment.name",
        *_fields("pairing.PlanActivity", "content", "evidence_name", "evidence_url"),
        "pairing.PlanComment.author_name",
    ],
    "только номера записей, без текста": ["pairing.BoardRun.pairs"],
    "загрузка списка сотрудников куратором, не ответы; удаляется через сутки": [
        *_fields(
            "programme.StaffImportJob", "path", "filename", "settings", "digest", "result", "error"
        ),
    ],
    "кадровые сведения (где записаны обязанности наставника), не ответы анкеты": [
        "programme.MentorProfile.labour_duties_note",
    ],
    "просьба со страницы объявления (ФИО для куратора), не ответы анкеты": [
        *_fields("surveys.JoinRequest", "full_name", "detail", "name_key", "detail_key"),
    ],
    "итог пары пишут наставник и куратор (работа пары), не ответы анкеты": [
        *_fields("pairing.PairingOutcome", "conclusion", "return_note"),
        *_fields("programme.OutcomeEntry", "conclusion", "partners"),
    ],
    "состояние сборки архива года (путь к файлу, шаг, причина сбоя), не ответы анкеты": [
        *_fields("reports.ArchiveJob", "step", "path", "error"),
    ],
    "формулировку награждения и название номинации пишет куратор (итоги программы), не ответы "
    "анкеты": [
        "reports.Award.citation",
        "reports.Nomination.title",
    ],
    "выводы мониторинга программы пишет куратор по обезличенным цифрам (7.3, 7.4), не ответы "
    "анкеты": [
        *_fields(
            "reports.MonitoringReport",
            "strengths",
            "weaknesses",
            "opportunities",
            "threats",
            "conclusions",
        ),
    ],
}
_NOT_COPIES["кейс пары пишет куратор из работы пары (план, встречи, итог), не из анкет"] = [
    *_fields("reports.Case", "title", "what_was_done", "results", "lessons"),
    *_fields("reports.CaseMaterial", "url", "title"),
]
_NOT_COPIES["сведения об организации и её программе, не о педагоге"].append(
    "reports.PublicPage.intro"
)
_NOT_COPIES["запрос о привлечении наставника пишет куратор другой организации, не из анкет"] = [
    *_fields("pairing.MentorLoan", "message", "close_reason"),
]
_NOT_COPIES[
    "годовой отчёт организации: количества, доли и средние по организации, показатели и "
    "комментарии заведующего к ним, не сведения о педагоге"
] = [
    *_fields("reports.ReturnCollection", "title"),
    *_fields("reports.ReturnIndicator", "label"),
    *_fields("reports.OrganisationReturn", "figures", "answers"),
]
NOT_ANSWER_COPIES: dict[str, str] = {
    name: reason for reason, names in _NOT_COPIES.items() for name in names
}


def answer_copy_classes() -> dict[str, str]:
    """Every classified text field: «copy», «erased» or «not a copy»."""
    classes = {name: "not a copy" for name in NOT_ANSWER_COPIES}
    classes |= {name: "erased" for name in ERASED_WITH_PERSON}
    classes |= {copy.field: "copy" for copy in ANSWER_COPIES}
    return classes


def text_fields(model) -> list[str]:
    """A model's fields that can hold free text («app.Model.field»): character, text and JSON
    fields without a fixed list of choices."""
    from django.db import models

    return [
        f"{model._meta.label}.{field.name}"
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not field.choices
    ]


# Links that name a person only in her job role (the programme's curator, a responsible person,
# an interview panel member, the order's monitor): they do not make the linked record a record
# about her, and stay on withdrawal (исполнение должностных обязанностей, ТК РФ).
ROLE_LINKS: dict[str, str] = {
    "programme.Programme.curator": "куратор программы",
    "programme.Activity.responsible_people": "ответственный за мероприятие дорожной карты",
    "programme.Interview.panel": "член комиссии собеседования",
    "pairing.Order.monitor": "ответственный за мониторинг по приказу",
    "reports.MonitoringReport.updated_by": "куратор или заведующий, сохранившие отчёт мониторинга",
}

# Models outside the link graph of the staff record that still hold data about a person.
EXTRA_PERSON_MODELS = ("programme.User",)


def category_labels() -> list[str]:
    return [category.label for category in CATEGORIES]


def catalogued_fields() -> set[str]:
    return {f for category in CATEGORIES for f in category.fields}


def links_to_person(model) -> list:
    """The fields of a model that point at a staff record (foreign keys and many-to-many)."""
    from django.apps import apps

    staff_model = apps.get_model("programme", "StaffMember")
    return [
        field
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and field.is_relation
        and field.related_model is staff_model
    ]


def person_models() -> list:
    """Every model that holds data about a person: the staff record, every model linked to it
    other than through a role link, and every model linked to one of those, and so on."""
    from django.apps import apps

    scope = {apps.get_model("programme", "StaffMember")}
    grown = True
    while grown:
        grown = False
        for model in apps.get_models():
            if model in scope:
                continue
            for field in model._meta.get_fields():
                if not ((field.concrete or field.many_to_many) and field.is_relation):
                    continue
                if field.auto_created or f"{model._meta.label}.{field.name}" in ROLE_LINKS:
                    continue
                if field.related_model in scope:
                    scope.add(model)
                    grown = True
                    break
    # Logins hold names too; what points at a login only says who did something.
    scope |= {apps.get_model(label) for label in EXTRA_PERSON_MODELS}
    return sorted(scope, key=lambda m: m._meta.label)


def data_fields(model) -> list[str]:
    """A model's own value fields («app.Model.field»): not the key, not the links."""
    return [
        f"{model._meta.label}.{field.name}"
        for field in model._meta.concrete_fields
        if not field.primary_key and not field.is_relation
    ]
