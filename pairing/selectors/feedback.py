"""Reads of the feedback: the schedule and its rounds with answers counted, each pair's scores
over time and the alerts of a pair in trouble, the satisfaction summary (6.8) for mentors and
mentees apart, and the progress of 6.5 and 6.8. A fixed number of queries each."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import mean

from django.db.models import Count, Q
from django.utils import timezone

from common.formatting import count_ru, date_ru, plural_ru
from programme.models import Programme
from programme.progress import Progress
from surveys.models import (
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
from surveys.selectors import ANONYMITY_THRESHOLD

from ..models import (
    FeedbackRequest,
    FeedbackRound,
    FeedbackSchedule,
    Membership,
    Pairing,
    PairingStatus,
)

SCORE_CODES = ("progress", "comfort")
SCORE_LABELS = {"progress": "продвижение", "comfort": "комфорт"}


def schedule_of(programme: Programme) -> FeedbackSchedule:
    """The programme's schedule, or the defaults (not saved) when the curator has set none."""
    return FeedbackSchedule.objects.filter(programme=programme).first() or FeedbackSchedule(
        programme=programme
    )


def programme_rounds(programme: Programme) -> list[FeedbackRound]:
    """The rounds with how many people were asked and how many answered."""
    return list(
        FeedbackRound.objects.filter(programme=programme)
        .annotate(
            asked=Count("requests__staff", distinct=True),
            answered=Count(
                "requests__staff",
                filter=Q(requests__invitation__status=InvitationStatus.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("on")
    )


# The interim feedback's promise, written in its intro text and in the consent: the curator sees
# a pair's progress and comfort only as one figure for the mentor and the mentees together, from
# at least two answers and once the round is closed (so that a late answer cannot be read off the
# change of the figure), and never whose score is whose.
PAIR_FIGURE_MIN_ANSWERS = 2


@dataclass
class RoundScores:
    """A pair's answers in one round: who was asked, who answered, and the pair's one figure
    per score (of 10), shown only as the promise above allows."""

    round: FeedbackRound
    asked: list[str] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    closed: bool = True
    scores: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    @property
    def shown(self) -> bool:
        return self.closed and len(self.answered) >= PAIR_FIGURE_MIN_ANSWERS

    @property
    def hidden_reason(self) -> str:
        if not self.answered or self.shown:
            return ""
        if len(self.answered) < PAIR_FIGURE_MIN_ANSWERS:
            return "оценки скрыты: ответ один"
        return "оценки покажем после закрытия сбора"

    def mean(self, code: str) -> float | None:
        values = self.scores.get(code) or []
        return round(mean(values), 1) if values and self.shown else None

    @property
    def progress(self) -> float | None:
        return self.mean("progress")

    @property
    def comfort(self) -> float | None:
        return self.mean("comfort")

    @property
    def waiting(self) -> list[str]:
        return [name for name in self.asked if name not in self.answered]


@dataclass
class PairFeedback:
    rounds: list[RoundScores] = field(default_factory=list)

    @property
    def latest(self) -> RoundScores | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def latest_answered(self) -> RoundScores | None:
        """The newest round whose figures are shown."""
        return next((r for r in reversed(self.rounds) if r.shown), None)


def pairs_feedback(pairing_ids: list[int]) -> dict[int, PairFeedback]:
    """Each pair's rounds in date order with who answered and the progress and comfort scores.
    Two queries, whatever the number of pairs and rounds."""
    requests = list(
        FeedbackRequest.objects.filter(pairing_id__in=pairing_ids)
        .select_related("round", "staff", "invitation")
        .order_by("round__on", "pk")
    )
    invitation_ids = {r.invitation_id for r in requests if r.invitation_id}
    scores: dict[int, dict[str, int]] = defaultdict(dict)
    for invitation_id, code, value in Answer.objects.filter(
        response__invitation_id__in=invitation_ids,
        response__status=ResponseStatus.SUBMITTED,
        question__code__in=SCORE_CODES,
    ).values_list("response__invitation_id", "question__code", "value"):
        if isinstance(value, int | float):
            scores[invitation_id][code] = int(value)
    result: dict[int, PairFeedback] = defaultdict(PairFeedback)
    now = timezone.now()
    for request in requests:
        feedback = result[request.pairing_id]
        if not feedback.rounds or feedback.rounds[-1].round.pk != request.round_id:
            feedback.rounds.append(RoundScores(round=request.round))
        row = feedback.rounds[-1]
        name = request.staff.short_name
        row.asked.append(name)
        invitation = request.invitation
        still_open = (
            invitation is not None
            and invitation.status != InvitationStatus.SUBMITTED
            and invitation.revoked_at is None
            and invitation.expires_at > now
        )
        if still_open:  # somebody may yet answer this round
            row.closed = False
        if invitation is not None and invitation.status == InvitationStatus.SUBMITTED:
            row.answered.append(name)
            for code, value in scores.get(invitation.pk, {}).items():
                row.scores[code].append(value)
    return dict(result)


def pair_alerts(
    *,
    pairing: Pairing,
    feedback: PairFeedback | None,
    last_held: dt.date | None,
    overdue_plans: list[tuple[str, dt.date]],
    schedule: FeedbackSchedule,
    today: dt.date,
) -> list[str]:
    """Why an active pair may be in trouble: a low figure of progress or comfort (the pair's one
    figure, see PAIR_FIGURE_MIN_ANSWERS) in its latest shown round, no meeting for the schedule's
    N weeks (counted to today, or to the end of the term if that has passed), a plan not
    approved by the order's deadline."""
    if pairing.status != PairingStatus.ACTIVE:
        return []
    alerts = []
    answered = feedback.latest_answered if feedback else None
    if answered is not None:
        low = [
            f"{SCORE_LABELS[code]} {str(figure).removesuffix('.0').replace('.', ',')}"
            for code in SCORE_CODES
            if (figure := answered.mean(code)) is not None and figure <= schedule.low_score
        ]
        if low:
            alerts.append(
                f"низкие оценки ({', '.join(low)} из 10) в сборе {date_ru(answered.round.on)}"
            )
    reference = min(today, pairing.ends_on) if pairing.ends_on else today
    since = last_held or pairing.starts_on
    if since is not None and reference > since:
        weeks = (reference - since).days // 7
        if weeks >= schedule.quiet_weeks:
            what = "нет встреч" if last_held else "ни одной встречи"
            alerts.append(f"{what} {count_ru(weeks, 'неделю', 'недели', 'недель')}")
    for name, due_on in overdue_plans:
        alerts.append(f"план {name} не утверждён в срок (до {date_ru(due_on)})")
    return alerts


# --- Progress of 6.5 and 6.8 -----------------------------------------------------------------


def feedback_progress(programme: Programme) -> dict[str, Progress]:
    """6.5: questionnaires answered of those sent in the rounds; 6.8: the satisfaction
    questionnaire answered of sent. Three queries."""
    result = {}
    requests = FeedbackRequest.objects.filter(round__programme=programme).aggregate(
        asked=Count("invitation", distinct=True),
        answered=Count(
            "invitation",
            filter=Q(invitation__status=InvitationStatus.SUBMITTED),
            distinct=True,
        ),
        rounds=Count("round", distinct=True),
    )
    if requests["asked"]:
        rounds = requests["rounds"]
        result["6.5"] = Progress(
            f"ответили {requests['answered']} из {requests['asked']} (сборов: {rounds})",
            done=requests["answered"],
            total=requests["asked"],
        )
    satisfaction = Invitation.objects.filter(
        questionnaire__programme=programme,
        questionnaire__kind=QuestionnaireKind.SATISFACTION,
        revoked_at__isnull=True,
    ).aggregate(
        asked=Count("pk"), answered=Count("pk", filter=Q(status=InvitationStatus.SUBMITTED))
    )
    if satisfaction["asked"]:
        result["6.8"] = Progress(
            f"ответили {satisfaction['answered']} из {satisfaction['asked']}",
            done=satisfaction["answered"],
            total=satisfaction["asked"],
        )
    return result


# --- Satisfaction summary (6.8) ------------------------------------------------------------


@dataclass
class ItemSummary:
    question: Question
    mean: float | None = None
    counts: list[tuple[str, int]] = field(default_factory=list)
    answered: int = 0


@dataclass
class Share:
    label: str
    yes: int
    answered: int

    @property
    def percent(self) -> int:
        return round(100 * self.yes / self.answered) if self.answered else 0

    @property
    def text(self) -> str:
        if not self.answered:
            return "нет ответов"
        who = plural_ru(self.answered, "ответившего", "ответивших", "ответивших")
        return f"{self.percent}% ({self.yes} из {self.answered} {who})"


@dataclass
class GroupSummary:
    """The summary of one group (mentors or mentees), shown only from 3 responses."""

    label: str
    invited: int = 0
    responses: int = 0
    items: list[ItemSummary] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    texts: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return self.responses < ANONYMITY_THRESHOLD

    @property
    def threshold(self) -> int:
        return ANONYMITY_THRESHOLD

    @property
    def responses_text(self) -> str:
        return count_ru(self.responses, "ответ", "ответа", "ответов")


SHARE_LABELS = {
    "continue": "продолжили бы работу в программе",
    "become_mentor": "стали бы наставником",
}


def _roles(programme: Programme) -> tuple[set[int], set[int]]:
    """Staff ids of the programme's mentors and mentees in pairs fixed by an order."""
    pairings = Pairing.objects.filter(programme=programme, fixed_by__isnull=False)
    mentors = set(pairings.values_list("mentor__staff_id", flat=True))
    mentees = set(
        Membership.objects.filter(pairing__in=pairings).values_list("mentee__staff_id", flat=True)
    )
    return mentors, mentees - mentors


def open_texts_in_neutral_order(values) -> list[str]:
    """Open answers by their text, not in the order they came: the list of who answered
    (and when) must not line up with what each wrote."""
    texts = [str(v).strip() for v in values if str(v).strip()]
    return sorted(texts, key=lambda text: (text.casefold(), text))


def satisfaction_summary(programme: Programme) -> list[GroupSummary]:
    """Means and distribution per 1–10 item, the «продолжили бы» and «стали бы наставником»
    shares and the open answers, for mentors and for mentees apart. A group with fewer than 3
    responses is shown without its answers (they could be told apart). Anonymised responses
    (consent withdrawn) no longer say whose they were and are left out of both groups."""
    mentors, mentees = _roles(programme)
    groups = {
        "mentors": GroupSummary("Наставники"),
        "mentees": GroupSummary("Наставляемые"),
    }

    def group_of(staff_id) -> GroupSummary | None:
        if staff_id in mentors:
            return groups["mentors"]
        if staff_id in mentees:
            return groups["mentees"]
        return None

    invited = Invitation.objects.filter(
        questionnaire__programme=programme,
        questionnaire__kind=QuestionnaireKind.SATISFACTION,
        revoked_at__isnull=True,
    ).values_list("staff_id", flat=True)
    for staff_id in invited:
        if (group := group_of(staff_id)) is not None:
            group.invited += 1
    responses = dict(
        Response.objects.filter(
            version__questionnaire__programme=programme,
            version__questionnaire__kind=QuestionnaireKind.SATISFACTION,
            status=ResponseStatus.SUBMITTED,
            respondent__isnull=False,
        ).values_list("pk", "respondent_id")
    )
    questions = list(
        Question.objects.filter(
            version__questionnaire__programme=programme,
            version__questionnaire__kind=QuestionnaireKind.SATISFACTION,
        )
        .select_related("section")
        .order_by("-version__number", "section__order", "order")
    )
    by_code: dict[str, Question] = {}
    for question in questions:  # the newest version's wording wins
        by_code.setdefault(question.code or f"q{question.pk}", question)
    values: dict[str, dict[str, list]] = {key: defaultdict(list) for key in groups}
    for response_id, code, question_id, value in Answer.objects.filter(
        response_id__in=list(responses)
    ).values_list("response_id", "question__code", "question_id", "value"):
        group = group_of(responses[response_id])
        if group is None or value in (None, ""):
            continue
        key = "mentors" if group is groups["mentors"] else "mentees"
        values[key][code or f"q{question_id}"].append(value)
    for staff_id in responses.values():
        if (group := group_of(staff_id)) is not None:
            group.responses += 1
    ordered = sorted(
        by_code.items(),
        key=lambda item: (item[1].section.order if item[1].section else 0, item[1].order),
    )
    for key, group in groups.items():
        if group.hidden:
            continue
        answers = values[key]
        for code, question in ordered:
            given = answers.get(code, [])
            if question.kind == QuestionKind.SCALE:
                numbers = [int(v) for v in given if isinstance(v, int | float)]
                counter = Counter(numbers)
                low, high = question.scale_min or 1, question.scale_max or 10
                group.items.append(
                    ItemSummary(
                        question=question,
                        mean=round(mean(numbers), 1) if numbers else None,
                        counts=[(str(n), counter.get(n, 0)) for n in range(low, high + 1)],
                        answered=len(numbers),
                    )
                )
            elif question.kind == QuestionKind.YES_NO:
                yes = sum(1 for v in given if v is True)
                label = SHARE_LABELS.get(code, question.text)
                group.shares.append(Share(label, yes, len(given)))
            elif question.kind in (QuestionKind.LONG_TEXT, QuestionKind.SHORT_TEXT):
                group.texts.append((question.text, open_texts_in_neutral_order(given)))
    return list(groups.values())


# --- What the satisfaction questionnaire did at a pair's end --------------------------------


WITHDRAWN_NOTE = "отозвано согласие на обработку персональных данных"
NOT_SENT_NOTE = "не отправлялась — разошлите на странице «Удовлетворённость (6.8)»"


@dataclass
class SatisfactionPerson:
    staff: object
    sent: bool
    note: str  # how she gets it, or why she does not


@dataclass
class SatisfactionSent:
    """Read back after a pair's final meeting: who of the pair got the satisfaction
    questionnaire and how, and who did not and why — so that the page says what happened."""

    active: bool  # the programme's satisfaction questionnaire is switched on
    people: list[SatisfactionPerson] = field(default_factory=list)

    @property
    def sent(self) -> list[SatisfactionPerson]:
        return [p for p in self.people if p.sent]

    @property
    def not_sent(self) -> list[SatisfactionPerson]:
        return [p for p in self.people if not p.sent]

    @property
    def message(self) -> str:
        """One paragraph for the page after the final meeting."""
        if not self.active:
            return (
                "Анкета удовлетворённости не отправлена: в программе она отключена. Куратор "
                "может включить её и разослать на странице «Удовлетворённость (6.8)»."
            )
        parts = []
        if self.sent:
            parts.append(
                "Анкета удовлетворённости отправлена: "
                + "; ".join(f"{p.staff.short_name} — {p.note}" for p in self.sent)
                + "."
            )
        if self.not_sent:
            parts.append(
                "Не отправлена: "
                + "; ".join(f"{p.staff.short_name} — {p.note}" for p in self.not_sent)
                + "."
            )
        return " ".join(parts) or "Анкета удовлетворённости не отправлена: в паре нет участников."


def _people_at_end(pairing: Pairing) -> list:
    members = Membership.objects.filter(pairing=pairing).select_related("mentee__staff")
    at_end = [
        m
        for m in members
        if m.left_on is None or (pairing.ended_on and m.left_on >= pairing.ended_on)
    ]
    return [pairing.mentor.staff] + [m.mentee.staff for m in at_end]


def satisfaction_sent(pairing: Pairing) -> SatisfactionSent:
    """What the satisfaction questionnaire of the pair's programme did for each of the pair's
    people (the mentor and the mentees at the end). Four queries."""
    questionnaire = (
        Questionnaire.objects.filter(
            programme_id=pairing.programme_id, kind=QuestionnaireKind.SATISFACTION
        )
        .order_by("-is_active", "pk")
        .first()
    )
    if questionnaire is None or not questionnaire.is_active:
        return SatisfactionSent(active=False)
    people = _people_at_end(pairing)
    ids = [p.pk for p in people]
    invited = {
        i.staff_id: i
        for i in Invitation.objects.filter(
            questionnaire=questionnaire, staff_id__in=ids, revoked_at__isnull=True
        ).order_by("created_at")
    }
    consents = Consent.objects.filter(staff_id__in=ids, kind=ConsentKind.PROCESSING)
    valid = {c.staff_id for c in consents if c.withdrawn_at is None}
    withdrawn = {c.staff_id for c in consents if c.withdrawn_at is not None} - valid
    result = SatisfactionSent(active=True)
    for staff in people:
        invitation = invited.get(staff.pk)
        if invitation is not None:
            if invitation.status == InvitationStatus.SUBMITTED:
                note = "анкета уже заполнена"
            elif staff.email:
                note = f"по электронной почте {staff.email}"
            else:
                note = "без электронной почты: анкета ждёт на личной странице педагога"
            if staff.pk not in valid and invitation.status != InvitationStatus.SUBMITTED:
                note += " (сначала будет предложено согласие на обработку персональных данных)"
            result.people.append(SatisfactionPerson(staff, True, note))
        elif staff.pk in withdrawn:
            result.people.append(SatisfactionPerson(staff, False, WITHDRAWN_NOTE))
        elif not staff.is_active:
            result.people.append(SatisfactionPerson(staff, False, "не работает в организации"))
        else:
            result.people.append(SatisfactionPerson(staff, False, NOT_SENT_NOTE))
    return result
