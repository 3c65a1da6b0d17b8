"""Reads of the questionnaires: lists with counts, results and summaries, roadmap progress."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Count, Q

from programme.models import Competency, Programme, StaffMember
from programme.progress import Progress
from reports.charts import Series, bar_chart_svg
from reports.formatting import plural_ru

from .models import (
    Answer,
    Consent,
    ConsentKind,
    Invitation,
    InvitationStatus,
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


def questionnaire_results(questionnaire: Questionnaire) -> Results:
    """Distribution per question (grouped by question code across versions), means of scales
    and numbers, open answers. A fixed number of queries, whatever the number of responses."""
    submitted = Response.objects.filter(
        version__questionnaire=questionnaire, status=ResponseStatus.SUBMITTED
    )
    answers = (
        Answer.objects.filter(response__in=submitted)
        .select_related("question")
        .prefetch_related("question__choices")
    )
    questions = list(
        Question.objects.filter(version__questionnaire=questionnaire)
        .select_related("version")
        .prefetch_related("choices")
        .order_by("-version__number", "section__order", "order")
    )
    by_code: dict[str, Question] = {}
    for question in questions:  # the newest version's wording wins
        by_code.setdefault(question.code or f"q{question.pk}", question)
    grouped = defaultdict(list)
    for answer in answers:
        grouped[answer.question.code or f"q{answer.question_id}"].append(answer)
    competencies, people = _label_maps(questionnaire)
    summaries = []
    for code, question in sorted(
        by_code.items(),
        key=lambda item: (item[1].section.order if item[1].section else 0, item[1].order),
    ):
        summaries.append(_summarise(question, grouped.get(code, []), competencies, people))
    names = [
        r.respondent.full_name
        for r in submitted.select_related("respondent")
        if r.respondent is not None
    ]
    invited = Invitation.objects.filter(
        questionnaire=questionnaire, revoked_at__isnull=True
    ).count()
    return Results(
        questionnaire=questionnaire,
        invited=invited,
        submitted=submitted.count(),
        summaries=summaries,
        respondents=sorted(names),
    )


def _summarise(question, answers, competencies, people) -> QuestionSummary:
    summary = QuestionSummary(question=question, answered=len(answers))
    values = [a.value for a in answers if a.value is not None]
    kind = question.kind
    counter: Counter = Counter()
    if kind == QuestionKind.SCALE:
        for v in values:
            counter[int(v)] += 1
        summary.counts = [
            (str(n), counter.get(n, 0))
            for n in range(question.scale_min or 1, (question.scale_max or 10) + 1)
        ]
        summary.mean = round(mean(values), 2) if values else None
    elif kind == QuestionKind.NUMBER:
        summary.mean = round(mean(values), 2) if values else None
        for v in values:
            counter[str(v)] += 1
        summary.counts = sorted(counter.items(), key=lambda kv: float(kv[0]))
    elif kind == QuestionKind.YES_NO:
        summary.counts = [("да", values.count(True)), ("нет", values.count(False))]
    elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        labels = {c.value or str(c.pk): c.text for c in question.choices.all()}
        for v in values:
            for item in v if isinstance(v, list) else [v]:
                key = people.get(item, str(item)) if question.people_source else item
                counter[labels.get(str(item), key)] += 1
        ordered = [label for label in labels.values()] if labels else []
        summary.counts = [(label, counter.get(label, 0)) for label in ordered] + [
            (label, n) for label, n in counter.most_common() if label not in ordered
        ]
    elif kind == QuestionKind.COMPETENCIES:
        for v in values:
            for pick in v:
                counter[competencies.get(pick["competency"], "?")] += 1
        summary.counts = counter.most_common()
    elif kind == QuestionKind.RANKING:
        for v in values:
            for staff_id in v.get("ranked", [])[:1]:
                counter[people.get(staff_id, "?")] += 1
        summary.counts = counter.most_common()
    else:
        summary.texts = [str(v) for v in values if str(v).strip()]
    if summary.counts:
        summary.chart = bar_chart_svg(
            [label for label, _n in summary.counts],
            [Series("ответов", [n for _label, n in summary.counts])],
            title=question.text,
        )
    return summary


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
        return ranked + (f"; не хотел бы: {unwanted}" if unwanted else "")
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if question.people_source:
            return people.get(value, str(value))
        labels = {c.value or str(c.pk): c.text for c in question.choices.all()}
        items = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in items)
    return str(value)
