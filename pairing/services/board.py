"""The pairing board (5.3): the engine's proposal, the curator's pins, moves and groups, and the
confirmation that turns the proposal into pairings.

Records become the engine's plain data here (`pairing/engine.py` never sees Django). The
proposal is kept as pairings with the status «предложена»; a run replaces everything the
curator did not pin. Every write locks the programme's row, so that two curators working on the
board at once take turns; confirming also locks the mentors' rows and checks their places again
in the same transaction, so that no mentor ever has more mentees than places.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from programme.exceptions import DomainError
from programme.models import MenteeProfile, MentorProfile, Programme, User
from programme.models.bases import MenteeStatus, MentorStatus
from programme.models.roadmap import MentoringForm
from programme.validators import check_sane_date
from surveys.services.consents import has_valid_consent

from .. import engine
from ..models import (
    LIVE_STATUSES,
    BoardMode,
    BoardRun,
    Membership,
    Pairing,
    PairingStatus,
)
from ..selectors import board as selectors
from ..selectors.pairings import term_clashes
from .pairings import check_term
from .sharing import check_borrowed

DEFAULT_PRESET = "balanced"


class StaleBoard(DomainError):
    """The board changed (or the people on it did) since the curator loaded the page."""


# --- records → the engine's plain data ------------------------------------------------------


def _ranked(preferences) -> tuple[list[int], list[int]]:
    ranked = [p for p in preferences if not p.unwanted and p.rank]
    ranked.sort(key=lambda p: p.rank)
    unwanted = [p for p in preferences if p.unwanted]
    return ranked, unwanted


def _form_label(code: str | None) -> str | None:
    """A form by its Russian name, as the engine's reasons print it («педагог – педагог»)."""
    return str(dict(MentoringForm.choices).get(code, code)) if code else None


def to_mentee(profile: MenteeProfile, mentor_ids: set[int]) -> engine.Mentee:
    """A mentee as the engine sees her; rankings name only mentors on the board."""
    ranked, unwanted = _ranked(profile.own_preferences)
    return engine.Mentee(
        id=profile.pk,
        requests={r.competency_id: r.priority for r in profile.requests.all()},
        ranking=tuple(p.mentor_id for p in ranked if p.mentor_id in mentor_ids),
        unwanted=tuple(p.mentor_id for p in unwanted if p.mentor_id in mentor_ids),
        experience_years=float(profile.staff.experience_total or 0),
        position=profile.staff.get_position_display(),
        organisation=profile.staff.organisation_id,
        # Forms go to the engine by their Russian names, which its reasons print.
        preferred_form=_form_label(profile.preferred_form),
        name=profile.staff.short_name,
        person_id=profile.staff_id,
    )


def _borrowed_competencies(profile: MentorProfile, names: dict) -> dict:
    """A borrowed mentor's competencies are her kindergarten's records: the engine sees them
    by this kindergarten's ids where the names agree, by their own names otherwise."""
    by_name = {str(name).casefold(): pk for pk, name in names.items()}
    competencies = {}
    for c in profile.competencies.all():
        name = c.competency.name
        key = by_name.get(name.casefold())
        if key is None:
            key = f"ext:{name}"
            names[key] = name
        competencies[key] = c.level
    return competencies


def to_mentor(
    profile: MentorProfile, free: int, mentee_ids: set[int], names: dict | None = None
) -> engine.Mentor:
    ranked, unwanted = _ranked(profile.own_preferences)
    unwanted_ids = tuple(p.mentee_id for p in unwanted if p.mentee_id in mentee_ids)
    lent_for = getattr(profile, "lent_for", None)
    if lent_for is not None:
        # Borrowed for given mentees only: the others are out of her reach on this board.
        competencies = _borrowed_competencies(profile, names if names is not None else {})
        unwanted_ids = tuple(sorted(m for m in mentee_ids if m not in lent_for))
    else:
        competencies = {c.competency_id: c.level for c in profile.competencies.all()}
    return engine.Mentor(
        id=profile.pk,
        competencies=competencies,
        capacity=free,
        ranking=tuple(p.mentee_id for p in ranked if p.mentee_id in mentee_ids),
        unwanted=unwanted_ids,
        experience_years=float(profile.staff.experience_total or 0),
        position=profile.staff.get_position_display(),
        organisation=profile.staff.organisation_id,
        forms=tuple(_form_label(f) for f in profile.preferred_forms or ()),
        name=profile.staff.short_name,
        person_id=profile.staff_id,
    )


def engine_input(people: selectors.BoardPeople) -> tuple[list[engine.Mentee], list[engine.Mentor]]:
    """The board's people as the engine's input: mentors with no place left stay out."""
    mentor_ids = {m.pk for m in people.mentors if people.free[m.pk] > 0}
    mentee_ids = {m.pk for m in people.mentees}
    mentees = [to_mentee(m, mentor_ids) for m in people.mentees]
    mentors = [
        to_mentor(m, people.free[m.pk], mentee_ids, people.names)
        for m in people.mentors
        if m.pk in mentor_ids
    ]
    return mentees, mentors


def _lock_board(programme: Programme) -> None:
    Programme.objects.select_for_update().filter(pk=programme.pk).first()


def _weights(preset: str) -> engine.Weights:
    if preset not in engine.PRESETS:
        raise DomainError("Выберите веса из списка.")
    return engine.PRESETS[preset]


def _default_form(programme: Programme, mentee: MenteeProfile | None) -> str:
    usable = [f for f in programme.forms if f != MentoringForm.GROUP]
    if mentee is not None and mentee.preferred_form in usable:
        return mentee.preferred_form
    return usable[0] if usable else MentoringForm.TEACHER_TEACHER


def _new_pairing(programme: Programme, mentor_id: int, mentee: MenteeProfile | None) -> Pairing:
    return Pairing(
        programme=programme,
        mentor_id=mentor_id,
        form=_default_form(programme, mentee),
        # No start yet: the term starts on the order's date that fixes the pair (or later).
        starts_on=None,
        ends_on=programme.ends_on,
        status=PairingStatus.PROPOSED,
    )


def _membership_from(pair: engine.Pair, pairing: Pairing, *, pinned: bool) -> Membership:
    return Membership(
        pairing=pairing,
        mentee_id=pair.mentee_id,
        pinned=pinned,
        score=pair.score.total,
        score_parts=dict(pair.score.parts),
        reason=pair.reason,
    )


def _drop_empty_proposals(programme: Programme) -> None:
    Pairing.objects.filter(
        programme=programme, status=PairingStatus.PROPOSED, members__isnull=True
    ).delete()


# --- running the engine ---------------------------------------------------------------------


@dataclass
class RunOutcome:
    run: BoardRun
    dropped: list[str]  # pins taken off because a person can no longer be paired


@transaction.atomic
def board_run(
    *, programme: Programme, mode: str = BoardMode.OPTIMAL, preset: str = DEFAULT_PRESET, by: User
) -> RunOutcome:
    """Run the engine over the board's people around the curator's pins and make its proposal
    the board's: unpinned proposals are replaced, pinned ones kept (with fresh scores)."""
    if mode not in BoardMode.values:
        raise DomainError("Выберите режим подбора из списка.")
    weights = _weights(preset)
    _lock_board(programme)
    people = selectors.board_people(programme)
    mentees, mentors = engine_input(people)
    mentee_ids = {m.id for m in mentees}
    mentor_ids = {m.id for m in mentors}

    pins, dropped, pinned_members = [], [], {}
    for member in Membership.objects.filter(
        pairing__programme=programme, pairing__status=PairingStatus.PROPOSED, pinned=True
    ).select_related("pairing", "mentee__staff"):
        if member.mentee_id in mentee_ids and member.pairing.mentor_id in mentor_ids:
            pins.append((member.mentee_id, member.pairing.mentor_id))
            pinned_members[member.mentee_id] = member
        else:
            dropped.append(member.mentee.staff.short_name)
    try:
        result = engine.match(
            mentees, mentors, weights, pins=pins, mode=mode, competency_names=people.names
        )
    except engine.MatchingError as error:
        raise DomainError(str(error)) from None

    Membership.objects.filter(
        pairing__programme=programme, pairing__status=PairingStatus.PROPOSED
    ).exclude(pk__in=[m.pk for m in pinned_members.values()]).delete()
    _drop_empty_proposals(programme)

    profiles = {m.pk: m for m in people.mentees}
    new_pairs = [p for p in result.pairs if p.mentee_id not in pinned_members]
    pairings = Pairing.objects.bulk_create(
        [_new_pairing(programme, p.mentor_id, profiles[p.mentee_id]) for p in new_pairs]
    )
    Membership.objects.bulk_create(
        _membership_from(pair, pairing, pinned=False)
        for pair, pairing in zip(new_pairs, pairings, strict=True)
    )
    kept = [p for p in result.pairs if p.mentee_id in pinned_members]
    for pair in kept:
        member = pinned_members[pair.mentee_id]
        member.score, member.score_parts, member.reason = (
            pair.score.total,
            dict(pair.score.parts),
            pair.reason,
        )
    Membership.objects.bulk_update(
        [pinned_members[p.mentee_id] for p in kept], ["score", "score_parts", "reason"]
    )
    run = BoardRun.objects.create(
        programme=programme,
        mode=mode,
        preset=preset,
        weights=weights.as_dict(),
        pairs=[[p.mentee_id, p.mentor_id] for p in result.pairs],
        unmatched=[{"mentee": u.mentee_id, "reason": u.reason} for u in result.unmatched],
        total=result.total,
        created_by=by,
    )
    return RunOutcome(run=run, dropped=dropped)


# --- the curator's hand on the board --------------------------------------------------------


def _proposed_member(programme: Programme, membership_id: int) -> Membership:
    member = (
        Membership.objects.filter(
            pk=membership_id,
            pairing__programme=programme,
            pairing__status=PairingStatus.PROPOSED,
        )
        .select_related("pairing", "mentee__staff")
        .first()
    )
    if member is None:
        raise StaleBoard("Этого предложения уже нет на доске: обновите страницу.")
    return member


@transaction.atomic
def board_pin(*, programme: Programme, membership_id: int, pinned: bool) -> Membership:
    """Pin a proposed pair so that the next run keeps it, or unpin it."""
    _lock_board(programme)
    member = _proposed_member(programme, membership_id)
    if member.pinned != pinned:
        member.pinned = pinned
        member.save(update_fields=["pinned"])
    return member


@transaction.atomic
def board_remove(*, programme: Programme, membership_id: int) -> MenteeProfile:
    """Take a mentee off the board's proposal (she waits for the next run or a manual pick)."""
    _lock_board(programme)
    member = _proposed_member(programme, membership_id)
    member.delete()
    _drop_empty_proposals(programme)
    return member.mentee


def last_preset(programme: Programme) -> str:
    run = BoardRun.objects.filter(programme=programme).order_by("-created_at", "-pk").first()
    return run.preset if run and run.preset in engine.PRESETS else DEFAULT_PRESET


@transaction.atomic
def board_assign(*, programme: Programme, mentee_id: int, mentor_id: int) -> Membership:
    """Put a mentee with a mentor by hand (a move, or a pick for one left without a pair): the
    pair is pinned; the hard rules and the mentor's places are checked first."""
    _lock_board(programme)
    people = selectors.board_people(programme)
    mentee = next((m for m in people.mentees if m.pk == mentee_id), None)
    mentor = next((m for m in people.mentors if m.pk == mentor_id), None)
    if mentee is None:
        raise StaleBoard(
            "Этого наставляемого нельзя поставить в пару: он уже в утверждённой паре, вне базы "
            "или согласие отозвано. Обновите страницу."
        )
    if mentor is None:
        raise StaleBoard(
            "Этого наставника нельзя выбрать: нет статуса «готов», письменного согласия "
            "(ст. 351.8 ТК РФ) или согласия на обработку персональных данных."
        )
    current = Membership.objects.filter(
        mentee=mentee, left_on__isnull=True, pairing__status=PairingStatus.PROPOSED
    ).first()
    proposed_here = Membership.objects.filter(
        pairing__programme=programme,
        pairing__status=PairingStatus.PROPOSED,
        pairing__mentor=mentor,
    ).exclude(mentee=mentee)
    capacity = mentor.effective_capacity
    if people.free[mentor.pk] - proposed_here.count() <= 0:
        raise DomainError(
            f"У наставника {mentor.staff.short_name} нет свободных мест "
            f"(лимит — {capacity}): уберите кого-то из его пар или выберите другого наставника."
        )
    ids = {m.pk for m in people.mentors}
    try:
        pair = engine.explain(
            to_mentee(mentee, ids),
            to_mentor(mentor, 1, {m.pk for m in people.mentees}, people.names),
            _weights(last_preset(programme)),
            competency_names=people.names,
            pinned=True,
        )
    except engine.MatchingError as error:
        raise DomainError(str(error)) from None
    if current is not None:
        current.delete()
        _drop_empty_proposals(programme)
    group = Pairing.objects.filter(
        programme=programme,
        mentor=mentor,
        status=PairingStatus.PROPOSED,
        form=MentoringForm.GROUP,
    ).first()
    if group is None:
        group = _new_pairing(programme, mentor.pk, mentee)
        group.save()
    member = _membership_from(pair, group, pinned=True)
    member.save()
    return member


@transaction.atomic
def board_group(*, programme: Programme, mentor_id: int) -> Pairing:
    """One mentor's proposed pairs become one group (form «групповое»)."""
    _lock_board(programme)
    pairings = list(
        Pairing.objects.filter(
            programme=programme, mentor_id=mentor_id, status=PairingStatus.PROPOSED
        ).order_by("pk")
    )
    members = Membership.objects.filter(pairing__in=pairings)
    if members.count() < 2:
        raise DomainError("Группа — это наставник и хотя бы два наставляемых.")
    group = pairings[0]
    members.update(pairing=group)
    group.form = MentoringForm.GROUP
    group.save(update_fields=["form", "updated_at"])
    Pairing.objects.filter(pk__in=[p.pk for p in pairings[1:]]).delete()
    return group


@transaction.atomic
def board_ungroup(*, programme: Programme, pairing_id: int) -> list[Pairing]:
    """A proposed group falls apart into one pair per mentee."""
    _lock_board(programme)
    group = Pairing.objects.filter(
        pk=pairing_id, programme=programme, status=PairingStatus.PROPOSED
    ).first()
    if group is None:
        raise StaleBoard("Этой группы уже нет на доске: обновите страницу.")
    members = list(group.members.select_related("mentee").order_by("pk"))
    group.form = _default_form(programme, members[0].mentee if members else None)
    group.save(update_fields=["form", "updated_at"])
    result = [group]
    for member in members[1:]:
        pairing = _new_pairing(programme, group.mentor_id, member.mentee)
        pairing.starts_on, pairing.ends_on = group.starts_on, group.ends_on
        pairing.save()
        member.pairing = pairing
        member.save(update_fields=["pairing"])
        result.append(pairing)
    return result


@transaction.atomic
def pairing_set_terms(
    *,
    programme: Programme,
    pairing_id: int,
    form: str,
    starts_on,
    ends_on,
    beyond_year: bool = False,
):
    """The form of mentoring and the term of a proposed pairing: an empty start means «from
    the order's date»; the end falls within the programme's year unless `beyond_year`."""
    _lock_board(programme)
    pairing = Pairing.objects.filter(
        pk=pairing_id, programme=programme, status=PairingStatus.PROPOSED
    ).first()
    if pairing is None:
        raise StaleBoard("Этой пары уже нет на доске: обновите страницу.")
    if form not in MentoringForm.values:
        raise DomainError("Выберите форму наставничества из списка.")
    if form == MentoringForm.GROUP and pairing.members.count() < 2:
        raise DomainError("Групповая форма — для двух и более наставляемых: объедините пары.")
    if form != MentoringForm.GROUP and pairing.members.count() > 1:
        raise DomainError("У наставника в этой группе несколько наставляемых: форма — групповая.")
    check_sane_date(starts_on, what="Начало срока")
    check_sane_date(ends_on, what="Окончание срока")
    check_term(programme=programme, starts_on=starts_on, ends_on=ends_on, beyond_year=beyond_year)
    pairing.form, pairing.starts_on, pairing.ends_on = form, starts_on, ends_on
    pairing.beyond_year = bool(beyond_year)
    pairing.save(update_fields=["form", "starts_on", "ends_on", "beyond_year", "updated_at"])
    return pairing


# --- confirming -----------------------------------------------------------------------------


def board_stamp(programme: Programme) -> str:
    """A fingerprint of what the curator sees: the proposal with its forms and terms, and the
    statuses, places and consents of everyone on it. Confirming a board whose fingerprint has
    changed since the page was loaded is refused."""
    proposal = selectors.proposed_pairings(programme)
    mentor_ids = {p.mentor_id for p in proposal}
    mentee_ids = {m.mentee_id for p in proposal for m in p.members.all()}
    load = selectors.live_load(programme)
    mentors = MentorProfile.objects.filter(pk__in=mentor_ids).values_list(
        "pk", "status", "capacity", "labour_consent_on", "status_changed_at", "labour_basis"
    )
    mentees = MenteeProfile.objects.filter(pk__in=mentee_ids).values_list(
        "pk", "status", "status_changed_at"
    )
    data = {
        "proposal": sorted(
            (
                p.pk,
                p.mentor_id,
                p.form,
                str(p.starts_on),
                str(p.ends_on),
                p.beyond_year,
                sorted(m.mentee_id for m in p.members.all()),
            )
            for p in proposal
        ),
        "mentors": sorted(
            (*row[:3], str(row[3]), str(row[4]), row[5], load[row[0]]) for row in mentors
        ),
        "mentees": sorted((row[0], row[1], str(row[2])) for row in mentees),
        "defaults": programme.default_capacity,
    }
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:32]


def _check_people_may_pair(pairing: Pairing, mentor: MentorProfile, members) -> None:
    name = mentor.staff.short_name
    if mentor.status not in (MentorStatus.READY, MentorStatus.MENTOR):
        raise DomainError(f"{name}: статус «{mentor.get_status_display()}», а нужен «готов».")
    if not mentor.has_labour_basis:
        raise DomainError(f"{name}: нет письменного согласия на наставничество (ст. 351.8 ТК РФ).")
    if not has_valid_consent(mentor.staff):
        raise DomainError(f"{name}: нет действующего согласия на обработку персональных данных.")
    if mentor.programme_id != pairing.programme_id:
        check_borrowed(mentor=mentor, programme_id=pairing.programme_id, members=members)
    for member in members:
        mentee = member.mentee
        who = mentee.staff.short_name
        if mentee.status != MenteeStatus.INCLUDED:
            raise DomainError(f"{who}: статус «{mentee.get_status_display()}» — не в базе.")
        if not has_valid_consent(mentee.staff):
            raise DomainError(f"{who}: нет действующего согласия на обработку персональных данных.")
    if not pairing.ends_on:
        raise DomainError(
            f"Укажите срок пары наставника {name}: по какое число (начало — с даты приказа, "
            "если не указано)."
        )
    check_term(
        programme=pairing.programme,
        starts_on=pairing.starts_on,
        ends_on=pairing.ends_on,
        beyond_year=pairing.beyond_year,
        who=f"Пара наставника {name}",
    )


@transaction.atomic
def pairings_confirm(*, pairings: list[Pairing], by: User) -> list[Pairing]:
    """Confirm proposed pairings all or none. The mentors' rows are locked first (in one order,
    so that two confirmations cannot deadlock); then every mentor's places are counted again:
    whoever comes second to a mentor's last place gets a clear refusal and nothing is saved."""
    if not pairings:
        raise DomainError("Нет предложенных пар для утверждения.")
    mentor_ids = sorted({p.mentor_id for p in pairings})
    mentors = {
        m.pk: m
        for m in MentorProfile.objects.select_for_update(of=("self",))
        .filter(pk__in=mentor_ids)
        .select_related("staff", "programme")
        .order_by("pk")
    }
    fresh = list(
        Pairing.objects.select_for_update(of=("self",))
        .filter(pk__in=[p.pk for p in pairings])
        .select_related("programme")
        .order_by("pk")
    )
    if len(fresh) != len(pairings) or any(p.status != PairingStatus.PROPOSED for p in fresh):
        raise StaleBoard("Эти пары уже утверждены или сняты с доски: обновите страницу.")
    members_of = {p.pk: [] for p in fresh}
    for member in Membership.objects.filter(pairing__in=fresh).select_related("mentee__staff"):
        members_of[member.pairing_id].append(member)
    load = dict.fromkeys(mentor_ids, 0)
    load.update(
        Membership.objects.filter(
            pairing__mentor_id__in=mentor_ids,
            pairing__status__in=LIVE_STATUSES,
            left_on__isnull=True,
        )
        .values("pairing__mentor_id")
        .annotate(taken=Count("pk"))
        .values_list("pairing__mentor_id", "taken")
    )
    for pairing in fresh:
        mentor = mentors[pairing.mentor_id]
        members = members_of[pairing.pk]
        if not members:
            raise StaleBoard("В одной из пар не осталось наставляемых: обновите страницу.")
        _check_people_may_pair(pairing, mentor, members)
        load[mentor.pk] += len(members)
        if load[mentor.pk] > mentor.effective_capacity:
            raise DomainError(
                f"У наставника {mentor.staff.short_name} не осталось мест: лимит — "
                f"{mentor.effective_capacity}, а в утверждённых парах и в этом подборе больше. "
                "Ничего не сохранено."
            )
    clashes = term_clashes([p.pk for p in fresh])
    if clashes:
        raise DomainError(" ".join(clashes) + " Ничего не сохранено.")
    now = timezone.now()
    for pairing in fresh:
        pairing.status = PairingStatus.CONFIRMED
        pairing.confirmed_at = now
        pairing.confirmed_by = by
        Membership.objects.filter(pairing=pairing).update(joined_on=pairing.starts_on)
    Pairing.objects.bulk_update(fresh, ["status", "confirmed_at", "confirmed_by"])
    return fresh


@transaction.atomic
def board_confirm(*, programme: Programme, stamp: str, by: User) -> list[Pairing]:
    """Confirm the whole proposal as the curator saw it: a stale board saves nothing."""
    _lock_board(programme)
    if stamp != board_stamp(programme):
        raise StaleBoard(
            "Пока вы смотрели доску, подбор или данные участников изменились (другой куратор, "
            "новый статус или лимит). Ничего не сохранено: проверьте доску ещё раз."
        )
    proposal = list(
        Pairing.objects.filter(programme=programme, status=PairingStatus.PROPOSED).order_by("pk")
    )
    return pairings_confirm(pairings=proposal, by=by)
