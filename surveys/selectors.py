"""Reads of the questionnaires: lists with counts, results and summaries, roadmap progress."""

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import connection
from django.db.models import Count, F, Q, TextField, Window
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Lower, RowNumber
from django.utils import timezone

from common.charts import Series, bar_chart_figure
from common.formatting import plural_ru
from programme.models import Competency, Programme, StaffMember
from programme.models.roadmap import ActivityStatus
from programme.progress import Progress
from programme.validators import normalise_name

from .models import (
    Answer,
    Consent,
    ConsentKind,
    Invitation,
    InvitationStatus,
    JoinRequest,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
    Response,
    ResponseStatus,
)

ANONYMITY_THRESHOLD = 3
# Summaries of these are shown without names: people answer them about the programme.
ANONYMOUS_KINDS = (
    QuestionnaireKind.INTERIM_FEEDBACK,
    QuestionnaireKind.SATISFACTION,
    QuestionnaireKind.QUALITY,
)


def open_answer_order(questionnaire: Questionnaire) -> list:
    """How open answers are listed: by their text for a questionnaire summarised without names
    (the curator's list of who answered must not line up with the answers), newest first for
    the others."""
    if questionnaire.kind in ANONYMOUS_KINDS:
        return [Lower(Cast("value", TextField())).asc(), F("pk").asc()]
    return [F("response__submitted_at").desc(), F("pk").desc()]


def questionnaires_with_counts(programme: Programme):
    # distinct: the join with the versions repeats every invitation once per version.
    return (
        Questionnaire.objects.filter(programme=programme)
        .annotate(
            invited=Count(
                "invitations", filter=Q(invitations__revoked_at__isnull=True), distinct=True
            ),
            opened=Count(
                "invitations", filter=Q(invitations__opened_at__isnull=False), distinct=True
            ),
            drafts=Count(
                "invitations", filter=Q(invitations__status=InvitationStatus.DRAFT), distinct=True
            ),
            submitted=Count(
                "invitations",
                filter=Q(invitations__status=InvitationStatus.SUBMITTED),
                distinct=True,
            ),
            version_count=Count("versions", distinct=True),
        )
        .order_by("kind")
    )


def invitations_of(questionnaire: Questionnaire, *, status="", position="", query=""):
    qs = Invitation.objects.filter(questionnaire=questionnaire).select_related("staff", "subject")
    if status == "revoked":
        qs = qs.filter(revoked_at__isnull=False)
    elif status:
        qs = qs.filter(status=status, revoked_at__isnull=True)
    if position:
        qs = qs.filter(staff__position=position)
    for word in query.split():
        qs = qs.filter(Q(staff__last_name__icontains=word) | Q(staff__first_name__icontains=word))
    return qs.order_by("staff__last_name", "staff__first_name")


def my_invitations(staff: StaffMember):
    return (
        Invitation.objects.filter(staff=staff, revoked_at__isnull=True)
        .select_related("questionnaire__programme", "subject")
        .order_by("-created_at")
    )


@dataclass
class QuestionSummary:
    question: Question
    counts: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    answered: int = 0
    chart: str = ""
    code: str = ""

    @property
    def more_texts(self) -> int:
        """Open answers beyond those shown on the results page (read on their own pages)."""
        return self.answered - len(self.texts) if self.texts else 0


@dataclass
class Results:
    questionnaire: Questionnaire
    invited: int
    submitted: int
    summaries: list[QuestionSummary]
    respondents: list[str]

    @property
    def rate(self) -> int:
        return round(100 * self.submitted / self.invited) if self.invited else 0

    @property
    def hidden(self) -> bool:
        return self.submitted < ANONYMITY_THRESHOLD

    @property
    def more_respondents(self) -> int:
        return max(self.submitted - len(self.respondents), 0)


def _label_maps(questionnaire: Questionnaire):
    competencies = dict(
        Competency.objects.filter(
            organisation_id=questionnaire.programme.organisation_id
        ).values_list("pk", "name")
    )
    people = dict(
        (s.pk, s.short_name)
        for s in StaffMember.objects.filter(organisation_id=questionnaire.programme.organisation_id)
    )
    return competencies, people


# The results page shows this many open answers per question and respondents' names; the
# rest are on their own pages, so that the page stays the same size at 30 or 3,000 responses.
OPEN_SHOWN = 5
RESPONDENTS_SHOWN = 30
OPEN_PAGE_SIZE = 50
SCALAR_KINDS = (QuestionKind.SCALE, QuestionKind.NUMBER, QuestionKind.YES_NO, QuestionKind.SINGLE)
LIST_KINDS = (QuestionKind.MULTIPLE, QuestionKind.COMPETENCIES)
OPEN_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT, QuestionKind.DATE)


def submitted_answers(questionnaire: Questionnaire):
    """The stored (not empty) answers of the questionnaire's submitted responses."""
    return Answer.objects.filter(
        response__version__questionnaire=questionnaire,
        response__status=ResponseStatus.SUBMITTED,
        value__isnull=False,
    )


def _questions_by_code(questionnaire: Questionnaire):
    """Every version's questions grouped by code; the newest version's wording speaks for it."""
    questions = list(
        Question.objects.filter(version__questionnaire=questionnaire)
        .select_related("version", "section")
        .prefetch_related("choices")
        .order_by("-version__number", "section__order", "order")
    )
    newest: dict[str, Question] = {}
    code_of: dict[int, str] = {}
    for question in questions:
        code = question.code or f"q{question.pk}"
        newest.setdefault(code, question)
        code_of[question.pk] = code
    return newest, code_of


_LIST_ITEMS_SQL = {
    "postgresql": """
        SELECT a.question_id,
               CASE WHEN jsonb_typeof(e.item) = 'object' THEN e.item ->> 'competency'
                    ELSE e.item #>> '{}' END,
               COUNT(*)
        FROM surveys_answer a
        JOIN surveys_response r ON r.id = a.response_id
        JOIN surveys_questionnaireversion v ON v.id = r.version_id
        CROSS JOIN LATERAL jsonb_array_elements(a.value) AS e(item)
        WHERE v.questionnaire_id = %s AND r.status = %s AND a.question_id = ANY(%s)
          AND jsonb_typeof(a.value) = 'array'
        GROUP BY 1, 2
    """,
    "sqlite": """
        SELECT a.question_id,
               CASE WHEN e.type = 'object' THEN json_extract(e.value, '$.competency')
                    ELSE e.value END,
               COUNT(*)
        FROM surveys_answer a
        JOIN surveys_response r ON r.id = a.response_id
        JOIN surveys_questionnaireversion v ON v.id = r.version_id,
        json_each(a.value) AS e
        WHERE v.questionnaire_id = %s AND r.status = %s AND a.question_id IN ({ids})
          AND json_type(a.value) = 'array'
        GROUP BY 1, 2
    """,
}


def _list_item_counts(questionnaire: Questionnaire, question_ids: list[int]):
    """(question id, item, count) for every element of list answers (several choices,
    competencies), counted by the database: one row per distinct item, not per answer."""
    if not question_ids:
        return []
    vendor = connection.vendor
    if vendor == "postgresql":
        sql, params = (
            _LIST_ITEMS_SQL[vendor],
            [questionnaire.pk, ResponseStatus.SUBMITTED, question_ids],
        )
    elif vendor == "sqlite":
        sql = _LIST_ITEMS_SQL[vendor].format(ids=", ".join(["%s"] * len(question_ids)))
        params = [questionnaire.pk, ResponseStatus.SUBMITTED, *question_ids]
    else:  # another database: count in Python, as before (correct, only slower)
        rows: Counter = Counter()
        answers = submitted_answers(questionnaire).filter(question_id__in=question_ids)
        for question_id, value in answers.values_list("question_id", "value"):
            for item in value if isinstance(value, list) else []:
                key = item.get("competency") if isinstance(item, dict) else item
                rows[(question_id, key)] += 1
        return [(q, item, n) for (q, item), n in rows.items()]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def questionnaire_results(questionnaire: Questionnaire) -> Results:
    """Distribution per question (grouped by question code across versions), means of scales
    and numbers, the newest open answers. Counted by the database: the same queries and about
    the same time whatever the number of responses."""
    submitted = Response.objects.filter(
        version__questionnaire=questionnaire, status=ResponseStatus.SUBMITTED
    )
    newest, code_of = _questions_by_code(questionnaire)
    kind_of = {pk: newest[code].kind for pk, code in code_of.items()}
    # The questions are this questionnaire's: the answers need no join with the versions.
    answers = Answer.objects.filter(
        question_id__in=list(code_of),
        response__status=ResponseStatus.SUBMITTED,
        value__isnull=False,
    )

    def ids(kinds):
        return [pk for pk, kind in kind_of.items() if kind in kinds]

    answered: Counter = Counter()
    values: dict[str, Counter] = defaultdict(Counter)
    scalar = ids(SCALAR_KINDS)
    if scalar:
        # Grouped by the JSON text (cheaper to compare than jsonb), decoded here: a row per
        # distinct value of each question, whatever the number of responses.
        rows = (
            answers.filter(question_id__in=scalar)
            .values_list("question_id", Cast("value", TextField()))
            .annotate(n=Count("pk"))
            .order_by()
        )
        for question_id, text, n in rows:
            values[code_of[question_id]][json.loads(text)] += n
            answered[code_of[question_id]] += n
    others = [pk for pk in code_of if pk not in set(scalar)]
    if others:
        counted = answers.filter(question_id__in=others).values_list("question_id")
        for question_id, n in counted.annotate(n=Count("pk")).order_by():
            answered[code_of[question_id]] += n
    for question_id, item, n in _list_item_counts(questionnaire, ids(LIST_KINDS)):
        if kind_of[question_id] == QuestionKind.COMPETENCIES:
            item = int(item)
        values[code_of[question_id]][item] += n
    ranking = ids((QuestionKind.RANKING,))
    if ranking:
        rows = (
            answers.filter(question_id__in=ranking)
            .values_list("question_id", KT("value__ranked__0"))
            .annotate(n=Count("pk"))
            .order_by()
        )
        for question_id, first, n in rows:
            if first not in (None, ""):
                values[code_of[question_id]][int(first)] += n
    texts: dict[str, list[str]] = defaultdict(list)
    open_ids = ids(OPEN_KINDS)
    if open_ids:
        newest_first = (
            answers.filter(question_id__in=open_ids)
            .annotate(
                row=Window(
                    RowNumber(),
                    partition_by=[F("question_id")],
                    order_by=open_answer_order(questionnaire),
                )
            )
            .filter(row__lte=OPEN_SHOWN)
            .order_by("question_id", "row")
            .values_list("question_id", "value")
        )
        for question_id, value in newest_first:
            if str(value).strip() and len(texts[code_of[question_id]]) < OPEN_SHOWN:
                texts[code_of[question_id]].append(str(value))
    competencies, people = _labels(questionnaire, newest, values)
    summaries = [
        _summarise(
            question,
            code=code,
            answered=answered.get(code, 0),
            values=values.get(code, Counter()),
            texts=texts.get(code, []),
            competencies=competencies,
            people=people,
        )
        for code, question in sorted(
            newest.items(),
            key=lambda item: (item[1].section.order if item[1].section else 0, item[1].order),
        )
    ]
    names = [
        r.respondent.full_name
        for r in submitted.filter(respondent__isnull=False)
        .select_related("respondent")
        .order_by("respondent__last_name", "respondent__first_name", "respondent__patronymic")[
            :RESPONDENTS_SHOWN
        ]
    ]
    invited = Invitation.objects.filter(
        questionnaire=questionnaire, revoked_at__isnull=True
    ).count()
    return Results(
        questionnaire=questionnaire,
        invited=invited,
        submitted=submitted.count(),
        summaries=summaries,
        respondents=names,
    )


def _labels(questionnaire: Questionnaire, newest: dict[str, Question], values):
    """Names of the competencies and people that the counted answers mention — only those."""
    competency_ids, people_ids = set(), set()
    for code, question in newest.items():
        if question.kind == QuestionKind.COMPETENCIES:
            competency_ids |= set(values.get(code, ()))
        elif question.kind == QuestionKind.RANKING or (
            question.kind == QuestionKind.SINGLE and question.people_source
        ):
            people_ids |= {v for v in values.get(code, ()) if isinstance(v, int)}
    organisation_id = questionnaire.programme.organisation_id
    competencies = (
        dict(
            Competency.objects.filter(
                organisation_id=organisation_id, pk__in=competency_ids
            ).values_list("pk", "name")
        )
        if competency_ids
        else {}
    )
    people = (
        {
            s.pk: s.short_name
            for s in StaffMember.objects.filter(organisation_id=organisation_id, pk__in=people_ids)
        }
        if people_ids
        else {}
    )
    return competencies, people


def _mean(counter: Counter) -> float | int | None:
    total = sum(counter.values())
    if not total:
        return None
    value = sum(float(v) * n for v, n in counter.items()) / total
    return int(value) if value == int(value) else round(value, 2)


def _summarise(
    question, *, code, answered, values: Counter, texts, competencies, people
) -> QuestionSummary:
    summary = QuestionSummary(question=question, answered=answered, code=code)
    kind = question.kind
    counter: Counter = Counter()
    if kind == QuestionKind.SCALE:
        numbers = Counter({int(v): n for v, n in values.items()})
        summary.counts = [
            (str(n), numbers.get(n, 0))
            for n in range(question.scale_min or 1, (question.scale_max or 10) + 1)
        ]
        summary.mean = _mean(numbers)
    elif kind == QuestionKind.NUMBER:
        summary.mean = _mean(values)
        for v, n in values.items():
            counter[str(v)] += n
        summary.counts = sorted(counter.items(), key=lambda kv: float(kv[0]))
    elif kind == QuestionKind.YES_NO:
        summary.counts = [("да", values.get(True, 0)), ("нет", values.get(False, 0))]
    elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        labels = {c.value or str(c.pk): c.text for c in question.choices.all()}
        for item, n in values.items():
            key = people.get(item, str(item)) if question.people_source else item
            counter[labels.get(str(item), key)] += n
        ordered = list(labels.values())
        summary.counts = [(label, counter.get(label, 0)) for label in ordered] + [
            (label, n) for label, n in counter.most_common() if label not in ordered
        ]
    elif kind == QuestionKind.COMPETENCIES:
        for item, n in values.items():
            counter[competencies.get(item, "?")] += n
        summary.counts = counter.most_common()
    elif kind == QuestionKind.RANKING:
        for staff_id, n in values.items():
            counter[people.get(staff_id, "?")] += n
        summary.counts = counter.most_common()
    else:
        summary.texts = texts
    if summary.counts:
        # The bars with a table of the same counts (for screen readers and for print).
        summary.chart = bar_chart_figure(
            [label for label, _n in summary.counts],
            [Series("ответов", [n for _label, n in summary.counts])],
            title=question.text,
            label_name="Ответ",
        )
    return summary


def questionnaire_submitted_count(questionnaire: Questionnaire) -> int:
    return Response.objects.filter(
        version__questionnaire=questionnaire, status=ResponseStatus.SUBMITTED
    ).count()


def open_answers(questionnaire: Questionnaire, code: str):
    """The question (newest wording) and every open answer to it, in the order of
    open_answer_order, for paging; None if the questionnaire has no open question of that
    code."""
    newest, code_of = _questions_by_code(questionnaire)
    question = newest.get(code)
    if question is None or question.kind not in OPEN_KINDS:
        return None
    ids = [pk for pk, c in code_of.items() if c == code]
    texts = (
        submitted_answers(questionnaire)
        .filter(question_id__in=ids)
        .order_by(*open_answer_order(questionnaire))
        .values_list("value", flat=True)
    )
    return question, texts


def valid_processing_consents(organisation_id: int) -> int:
    return Consent.objects.filter(
        organisation_id=organisation_id, kind=ConsentKind.PROCESSING, withdrawn_at__isnull=True
    ).count()


def survey_progress(programme: Programme) -> dict[str, Progress]:
    """2.1, 2.2, 3.3 and 5.2 from the data: answered of invited, consents, third-party
    inputs."""
    rows = {
        q.kind: q
        for q in questionnaires_with_counts(programme).filter(
            kind__in=[
                QuestionnaireKind.MENTEE_INTAKE,
                QuestionnaireKind.MENTOR_INTAKE,
                QuestionnaireKind.THIRD_PARTY,
                QuestionnaireKind.PREFERENCE,
            ]
        )
    }
    consents = valid_processing_consents(programme.organisation_id)
    result = {}
    for kind, code in (
        (QuestionnaireKind.MENTEE_INTAKE, "2.1"),
        (QuestionnaireKind.MENTOR_INTAKE, "3.3"),
    ):
        row = rows.get(kind)
        if row is not None and row.invited:
            result[code] = Progress(
                f"ответили {row.submitted} из {row.invited}, согласий {consents}",
                done=row.submitted,
                total=row.invited,
            )
    preference = rows.get(QuestionnaireKind.PREFERENCE)
    if preference is not None and preference.invited:
        result["5.2"] = Progress(
            f"ответили {preference.submitted} из {preference.invited}",
            done=preference.submitted,
            total=preference.invited,
        )
    third = rows.get(QuestionnaireKind.THIRD_PARTY)
    if third is not None and third.submitted:
        about = (
            Response.objects.filter(version__questionnaire=third, status=ResponseStatus.SUBMITTED)
            .values("subject")
            .distinct()
            .count()
        )
        result["2.2"] = Progress(
            f"сведений от третьих лиц: {third.submitted} о {about} "
            f"{plural_ru(about, 'педагоге', 'педагогах', 'педагогах')}",
            done=third.submitted,
            total=max(third.invited, third.submitted),
        )
    return result


def survey_counts(programme: Programme) -> dict[str, int]:
    return {
        "consents": valid_processing_consents(programme.organisation_id),
        "responses": Response.objects.filter(
            version__questionnaire__programme=programme, status=ResponseStatus.SUBMITTED
        ).count(),
    }


def side_by_side(programme: Programme, staff: StaffMember):
    """The teacher's own intake answers beside every third-party response about them."""
    responses = list(
        Response.objects.filter(
            version__questionnaire__programme=programme,
            status=ResponseStatus.SUBMITTED,
        )
        .filter(
            Q(respondent=staff, version__questionnaire__kind=QuestionnaireKind.MENTEE_INTAKE)
            | Q(subject=staff, version__questionnaire__kind=QuestionnaireKind.THIRD_PARTY)
        )
        .select_related("version__questionnaire", "respondent")
        .prefetch_related("answers__question")
        .order_by("submitted_at")
    )
    competencies, people = (
        _label_maps(responses[0].version.questionnaire) if responses else ({}, {})
    )
    columns = []
    for response in responses:
        rendered = []
        for answer in sorted(
            response.answers.all(),
            key=lambda a: (a.question.section.order if a.question.section else 0, a.question.order),
        ):
            rendered.append((answer.question.text, render_value(answer, competencies, people)))
        own = response.version.questionnaire.kind == QuestionnaireKind.MENTEE_INTAKE
        who = (
            "Сам педагог"
            if own
            else (response.respondent.full_name if response.respondent else "—")
        )
        columns.append({"response": response, "who": who, "own": own, "answers": rendered})
    return columns


PRIORITY = {1: "высокий", 2: "средний", 3: "низкий"}
LEVEL = {1: "базовый", 2: "уверенный", 3: "экспертный"}


def export_value(answer: Answer, competencies, people):
    """An answer as a spreadsheet cell: a scale or a number as a number, a date as a date,
    anything else as the words a person reads (`render_value`)."""
    value, kind = answer.value, answer.question.kind
    if value not in (None, "") and kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return render_value(answer, competencies, people)
        if number.is_finite():
            return int(number) if number == number.to_integral_value() else number
    if value and kind == QuestionKind.DATE:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            pass
    return render_value(answer, competencies, people)


def render_value(answer: Answer, competencies, people) -> str:
    """An answer as a person reads it."""
    value, question = answer.value, answer.question
    if value is None:
        return "—"
    if question.kind == QuestionKind.YES_NO:
        return "да" if value else "нет"
    if question.kind == QuestionKind.COMPETENCIES:
        words = LEVEL if question.maps_to == "mentor.competencies" else PRIORITY
        return "; ".join(
            f"{competencies.get(p['competency'], '?')} ({words.get(p['value'], p['value'])})"
            for p in value
        )
    if question.kind == QuestionKind.RANKING:
        ranked = ", ".join(
            f"{i}. {people.get(pk, '?')}" for i, pk in enumerate(value.get("ranked", []), 1)
        )
        unwanted = ", ".join(people.get(pk, "?") for pk in value.get("unwanted", []))
        return ranked + (f"; нежелательны: {unwanted}" if unwanted else "")
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if question.people_source:
            return people.get(value, str(value))
        labels = {c.value or str(c.pk): c.text for c in question.choices.all()}
        items = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in items)
    return str(value)


# --- The public join page (1.1's QR code) and the requests it leaves ----------------------

# The intake the programme's current stage offers: the mentees' questionnaire while 2.1 is
# open, then the mentors' while 3.3 is open.
JOIN_INTAKES = (
    ("2.1", QuestionnaireKind.MENTEE_INTAKE),
    ("3.3", QuestionnaireKind.MENTOR_INTAKE),
)


def join_questionnaire(programme: Programme, *, today=None) -> Questionnaire | None:
    """The intake questionnaire a teacher arriving from the announcement is given a link to,
    or None when the programme takes no more (its stage has passed, or it is over). Two
    queries."""
    today = today or timezone.localdate()
    if programme.ends_on and programme.ends_on < today:
        return None
    still_open = set(
        programme.activities.filter(code__in=[code for code, _kind in JOIN_INTAKES])
        .exclude(status__in=[ActivityStatus.DONE, ActivityStatus.NOT_REQUIRED])
        .values_list("code", flat=True)
    )
    active = {
        q.kind: q
        for q in Questionnaire.objects.filter(
            programme=programme,
            kind__in=[kind for _code, kind in JOIN_INTAKES],
            is_active=True,
        ).order_by("created_at", "pk")  # the newest of a kind wins
    }
    for code, kind in JOIN_INTAKES:
        if code in still_open and kind in active:
            return active[kind]
    return None


def name_key(text: str) -> str:
    """A name as compared: lower case, «ё» as «е», invisible characters gone, one space."""
    return " ".join(normalise_name(text or "").lower().replace("ё", "е").split())


@dataclass
class JoinRow:
    """An open request with the staff member it names, if exactly one has that name."""

    request: JoinRequest
    staff: StaffMember | None
    namesakes: int


def open_join_requests(programme: Programme) -> list[JoinRow]:
    """The programme's open requests, oldest first, each with its match in the staff list.
    Two queries, whatever the number of requests and staff."""
    requests = list(JoinRequest.objects.filter(programme=programme, done_at__isnull=True))
    if not requests:
        return []
    by_name: dict[str, list[StaffMember]] = defaultdict(list)
    for person in StaffMember.objects.filter(
        organisation_id=programme.organisation_id, is_active=True
    ).order_by("last_name", "first_name", "pk"):
        by_name[name_key(person.full_name)].append(person)
    rows = []
    for request in requests:
        found = by_name.get(request.name_key, [])
        rows.append(JoinRow(request, found[0] if len(found) == 1 else None, len(found)))
    return rows
