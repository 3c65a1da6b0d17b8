"""When the roadmap's stage 6 is done, read from the records (issue 21 §4.6): each of 6.1–6.6
and 6.8 closes when the data says so, with the page that proves it as evidence — as 6.7 closes
with its event's minutes and 5.3–5.4 with the registered order.

- 6.1, 6.2: every working pair (active or completed) held its organisational / trial meeting;
- 6.3: every working pair held its planning meeting, and every mentee still in a working pair
  has an approved individual plan (the planning meeting's result);
- 6.4: regular meetings run for the whole term: every working pair held regular meetings, and
  no pair is still active (each term is over);
- 6.5: the feedback schedule is done: no round is still to come or waiting to be sent, a round
  was sent, and every working pair was asked at least once;
- 6.6: every pair fixed by an order has ended — completed or ended early — with its outcome
  confirmed by the curator (`pairs_finished`; the figure on the dashboard is
  `outcomes.outcomes_progress`);
- 6.8: the satisfaction summary is out: the questionnaire was sent, no link is still open, and
  the summary of at least one group (mentors, mentees) is shown (from 3 answers).

A fixed number of queries, whatever the number of pairs."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from programme.models import Programme
from surveys.models import Invitation, InvitationStatus, QuestionnaireKind

from ..models import (
    FeedbackRequest,
    FeedbackRound,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Membership,
    Pairing,
    PairingStatus,
    Plan,
    PlanStatus,
)
from .feedback import satisfaction_summary

WORKING = (PairingStatus.ACTIVE, PairingStatus.COMPLETED)
FINISHED = (PairingStatus.COMPLETED, PairingStatus.TERMINATED)


@dataclass(frozen=True)
class Closure:
    """A roadmap activity the data shows done, and the page that proves it."""

    code: str
    evidence_url: str
    evidence_label: str


def pairs_finished(programme: Programme) -> tuple[int, int]:
    """6.6: (pairs ended — completed or ended early — whose outcome the curator confirmed,
    pairs fixed by an order)."""
    counts = Pairing.objects.filter(programme=programme, fixed_by__isnull=False).aggregate(
        total=Count("pk"),
        finished=Count("pk", filter=Q(status__in=FINISHED, outcome__confirmed_at__isnull=False)),
    )
    return counts["finished"], counts["total"]


def _meetings_done(programme: Programme) -> dict[str, bool]:
    """6.1–6.4 from the working pairs' held meetings and plans. Three queries."""
    working = Pairing.objects.filter(programme=programme, status__in=WORKING)
    counts = working.aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(status=PairingStatus.ACTIVE))
    )
    total = counts["total"]
    if not total:
        return {}
    held = dict(
        Meeting.objects.filter(pairing__in=working, status=MeetingStatus.HELD)
        .values("kind")
        .annotate(pairs=Count("pairing", distinct=True))
        .values_list("kind", "pairs")
    )
    without_plan = (
        Membership.objects.filter(pairing__in=working, left_on__isnull=True)
        .exclude(Exists(Plan.objects.filter(membership=OuterRef("pk"), status=PlanStatus.APPROVED)))
        .count()
    )

    def everywhere(kind: str) -> bool:
        return held.get(kind, 0) >= total

    return {
        "6.1": everywhere(MeetingKind.ORGANISATIONAL),
        "6.2": everywhere(MeetingKind.TRIAL),
        "6.3": everywhere(MeetingKind.PLANNING) and without_plan == 0,
        "6.4": everywhere(MeetingKind.REGULAR) and counts["active"] == 0,
    }


def _feedback_done(programme: Programme) -> bool:
    """6.5: every round of the schedule has been sent (or marked missed), none is to come,
    and every working pair was asked. Two queries."""
    rounds = FeedbackRound.objects.filter(programme=programme).aggregate(
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        left=Count("pk", filter=Q(sent_at__isnull=True, missed=False)),
    )
    if not rounds["sent"] or rounds["left"]:
        return False
    unasked = (
        Pairing.objects.filter(programme=programme, status__in=WORKING)
        .exclude(Exists(FeedbackRequest.objects.filter(pairing=OuterRef("pk"))))
        .exists()
    )
    return not unasked


def _satisfaction_done(programme: Programme) -> bool:
    """6.8: sent, no link still open, and a group's summary shown."""
    links = Invitation.objects.filter(
        questionnaire__programme=programme,
        questionnaire__kind=QuestionnaireKind.SATISFACTION,
        revoked_at__isnull=True,
    ).aggregate(
        sent=Count("pk"),
        open=Count(
            "pk",
            filter=~Q(status=InvitationStatus.SUBMITTED) & Q(expires_at__gt=timezone.now()),
        ),
    )
    if not links["sent"] or links["open"]:
        return False
    return any(not group.hidden for group in satisfaction_summary(programme))


def _url(name: str, programme: Programme, query: str = "") -> str:
    return reverse(name, args=[programme.pk]) + query


def pair_work_closures(programme: Programme) -> list[Closure]:
    """The activities of stage 6 (but 6.7, closed by its event) that the records show done."""
    meetings = _meetings_done(programme)
    overview = _url("pairing:overview", programme)
    labels = {
        "6.1": "Организационная встреча проведена во всех парах",
        "6.2": "Пробная рабочая встреча проведена во всех парах",
        "6.3": "Встреча-планирование проведена и планы утверждены во всех парах",
        "6.4": "Регулярные встречи проведены во всех парах за весь срок",
    }
    closures = [
        Closure(code, overview, label) for code, label in labels.items() if meetings.get(code)
    ]
    if _feedback_done(programme):
        closures.append(
            Closure(
                "6.5",
                _url("pairing:feedback", programme),
                "Обратная связь собрана во всех парах по графику",
            )
        )
    finished, total = pairs_finished(programme)
    if total and finished == total:
        closures.append(
            Closure(
                "6.6",
                _url("pairing:overview", programme, "?status=completed"),
                "Все наставнические пары завершили работу, итоги подтверждены",
            )
        )
    if _satisfaction_done(programme):
        closures.append(
            Closure(
                "6.8",
                _url("pairing:satisfaction", programme),
                "Сводка удовлетворённости участников",
            )
        )
    return closures
