"""Reads of the pairs' outcomes: a pair's outcome, and the roadmap figure of 6.6 — pairs
«доведённые до логического завершения» are the ended pairs whose outcome the curator has
confirmed. Fixed query counts."""

from django.db.models import Count, Q

from common.formatting import plural_ru
from programme import progress
from programme.models import Programme

from ..models import Pairing, PairingOutcome, PairingStatus

ENDED_STATUSES = (PairingStatus.COMPLETED, PairingStatus.TERMINATED)


def outcome_or_none(pairing: Pairing) -> PairingOutcome | None:
    """The pairing's outcome, or None. No query when it was loaded with
    select_related("outcome")."""
    try:
        return pairing.outcome
    except PairingOutcome.DoesNotExist:
        return None


def outcome_counts(programme: Programme) -> dict[str, int]:
    """Of the programme's ended pairs: how many, how many with an outcome recorded, how many
    confirmed, and the confirmed ones by result. One query."""
    numbers = Pairing.objects.filter(programme=programme, status__in=ENDED_STATUSES).aggregate(
        ended=Count("pk"),
        recorded=Count("pk", filter=Q(outcome__isnull=False)),
        confirmed=Count("pk", filter=Q(outcome__confirmed_at__isnull=False)),
        full=Count("pk", filter=Q(outcome__confirmed_at__isnull=False, outcome__result="full")),
        partial=Count(
            "pk", filter=Q(outcome__confirmed_at__isnull=False, outcome__result="partial")
        ),
        not_achieved=Count(
            "pk", filter=Q(outcome__confirmed_at__isnull=False, outcome__result="not_achieved")
        ),
    )
    return {key: value or 0 for key, value in numbers.items()}


def outcomes_progress(programme: Programme) -> dict[str, progress.Progress]:
    """6.6 from the data: of the ended pairs (completed or ended early), those whose outcome
    the curator has confirmed — the stage's result «пары, доведённые до логического
    завершения». While no pair has ended: «завершены 0 из N пар» of the pairs fixed by an
    order; nothing without an order."""
    numbers = outcome_counts(programme)
    ended = numbers["ended"]
    if not ended:
        fixed = Pairing.objects.filter(programme=programme, fixed_by__isnull=False).count()
        if not fixed:
            return {}
        pairs = plural_ru(fixed, "пары", "пар", "пар")
        return {"6.6": progress.Progress(f"завершены 0 из {fixed} {pairs}", done=0, total=fixed)}
    confirmed = numbers["confirmed"]
    text = (
        f"итог подтверждён у {confirmed} из {ended} "
        f"{plural_ru(ended, 'завершившейся пары', 'завершившихся пар', 'завершившихся пар')}"
    )
    if confirmed:
        text += (
            f" (цель достигнута полностью — {numbers['full']}, частично — {numbers['partial']}, "
            f"не достигнута — {numbers['not_achieved']})"
        )
    waiting = numbers["recorded"] - confirmed
    if waiting:
        text += f"; ждут подтверждения: {waiting}"
    return {"6.6": progress.Progress(text, done=confirmed, total=ended)}


def register() -> None:
    """Register 6.6's outcome figure (called by apps.py after the meetings' figure, which it
    replaces once a pair has ended)."""
    progress.register_activity_progress(outcomes_progress)
