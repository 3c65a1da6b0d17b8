"""A teacher's history across programmes (7.7): the pairs she led or took part in with their
outcomes, her nominations and awards, and her assessment deltas (final against baseline, per
parameter). Five queries whatever the length of her history."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from pairing.models import Membership, Pairing
from programme.models import OutcomeEntry, Score, StaffMember
from programme.models.assessment import RoundKind

from ..models import Award


@dataclass
class PairRow:
    year: int
    programme_title: str
    role: str
    partners: str
    form: str
    status: str
    outcome: str
    conclusion: str


@dataclass
class DeltaRow:
    year: int
    parameter: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass
class History:
    staff: StaffMember
    pairs: list[PairRow] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    deltas: list[DeltaRow] = field(default_factory=list)


def _outcome_text(pairing: Pairing, written: dict) -> tuple[str, str]:
    entry = written.get(pairing.pk)
    if entry is not None:
        return str(entry.get_result_display()), entry.conclusion
    outcome = getattr(pairing, "outcome", None)
    if outcome is not None and outcome.is_confirmed:
        return str(outcome.get_result_display()), outcome.conclusion
    return "", ""


def _pairs(staff: StaffMember) -> list[PairRow]:
    members = Prefetch(
        "members", queryset=Membership.objects.select_related("mentee__staff").order_by("pk")
    )
    related = ("programme", "mentor__staff", "outcome")
    led = Pairing.objects.filter(mentor__staff=staff).select_related(*related)
    joined = Pairing.objects.filter(members__mentee__staff=staff).select_related(*related)
    pairings = {p.pk: p for p in led.prefetch_related(members)}
    mentee_of = {p.pk: p for p in joined.distinct().prefetch_related(members)}
    written = {
        e.pairing_ref: e
        for e in OutcomeEntry.objects.filter(staff=staff, pairing_ref__in=[*pairings, *mentee_of])
    }
    rows = []
    for role, source in (("наставник", pairings), ("наставляемый", mentee_of)):
        for pairing in source.values():
            if role == "наставник":
                partners = ", ".join(m.mentee.staff.short_name for m in pairing.members.all())
            else:
                partners = pairing.mentor.staff.short_name
            outcome, conclusion = _outcome_text(pairing, written)
            rows.append(
                PairRow(
                    year=pairing.programme.year,
                    programme_title=pairing.programme.title,
                    role=role,
                    partners=partners,
                    form=str(pairing.get_form_display()),
                    status=str(pairing.get_status_display()),
                    outcome=outcome,
                    conclusion=conclusion,
                )
            )
    rows.sort(key=lambda r: (-r.year, r.role))
    return rows


def _deltas(staff: StaffMember) -> list[DeltaRow]:
    cells: dict[tuple[int, int], DeltaRow] = {}
    scores = Score.objects.filter(staff=staff).select_related("round__programme", "parameter")
    for score in scores.order_by("-round__programme__year", "parameter__order", "parameter_id"):
        key = (score.round.programme_id, score.parameter_id)
        row = cells.setdefault(
            key,
            DeltaRow(
                year=score.round.programme.year,
                parameter=score.parameter.name,
                before=None,
                after=None,
            ),
        )
        if score.round.kind == RoundKind.BASELINE:
            row.before = score.value
        elif score.round.kind == RoundKind.FINAL:
            row.after = score.value
    return list(cells.values())


def teacher_history(staff: StaffMember) -> History:
    awards = list(
        Award.objects.filter(staff=staff)
        .select_related("nomination__programme")
        .order_by("-nomination__programme__year", "pk")
    )
    return History(staff=staff, pairs=_pairs(staff), awards=awards, deltas=_deltas(staff))
