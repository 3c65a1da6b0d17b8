"""The pairing board (5.3): the engine's proposal over the bases, the curator's pins, moves and
groups, and the confirmation that never exceeds a mentor's places."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pairing.models import BoardRun, Membership, Pairing, PairingStatus
from pairing.services import board as services
from programme.exceptions import DomainError
from programme.models.bases import MentorStatus, Preference, PreferenceSide
from programme.models.roadmap import MentoringForm
from surveys.models import Consent
from surveys.services.consents import consent_withdraw
from tests.factories import CompetencyFactory, UserFactory
from tests.factories_pairing import (
    MembershipFactory,
    PairingFactory,
    included_mentee,
    ready_mentor,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def comps(programme):
    return {
        name: CompetencyFactory(organisation=programme.organisation, name=name)
        for name in ("Работа с родителями", "ИКТ", "Планирование")
    }


@pytest.fixture
def dated(programme):
    programme.starts_on, programme.ends_on = dt.date(2024, 9, 1), dt.date(2025, 5, 31)
    programme.save()
    return programme


def _run(programme, curator, **kwargs):
    return services.board_run(programme=programme, by=curator, **kwargs)


def _proposal(programme):
    return {
        (m.mentee_id, m.pairing.mentor_id)
        for m in Membership.objects.filter(
            pairing__programme=programme, pairing__status=PairingStatus.PROPOSED
        ).select_related("pairing")
    }


def test_run_proposes_pairs_by_requests_with_score_parts_and_a_reason(dated, curator, comps):
    parents, ict = comps["Работа с родителями"], comps["ИКТ"]
    volkova = ready_mentor(dated, {parents: 3}, last_name="Волкова")
    orlova = ready_mentor(dated, {ict: 3}, last_name="Орлова")
    zaharova = included_mentee(dated, {parents: 1}, last_name="Захарова")
    zaitseva = included_mentee(dated, {ict: 1}, last_name="Зайцева")

    outcome = _run(dated, curator)

    assert _proposal(dated) == {(zaharova.pk, volkova.pk), (zaitseva.pk, orlova.pk)}
    member = Membership.objects.get(mentee=zaharova)
    assert "Работа с родителями" in member.reason and "приоритет 1" in member.reason
    assert member.score_parts["coverage"] > 0
    # No start on the board: the term starts on the order's date that fixes the pair.
    assert member.pairing.starts_on is None
    assert member.pairing.ends_on == dt.date(2025, 5, 31)
    assert outcome.run.unmatched == []


def test_a_mentee_whose_request_nobody_covers_waits_with_the_reason(curator, dated, comps):
    ready_mentor(dated, {comps["ИКТ"]: 2})
    lonely = included_mentee(dated, {comps["Планирование"]: 1})

    run = _run(dated, curator).run

    assert run.pairs == []
    assert run.unmatched[0]["mentee"] == lonely.pk
    assert "не закрывает" in run.unmatched[0]["reason"]


def test_board_leaves_out_people_without_consents_or_not_ready(curator, dated, comps):
    c = comps["ИКТ"]
    ready_mentor(dated, {c: 2}, labour_consent=False)  # no art. 351.8 consent
    ready_mentor(dated, {c: 2}, consent=False)  # no personal-data consent
    ready_mentor(dated, {c: 2}, status=MentorStatus.TRAINING)
    included_mentee(dated, {c: 1}, consent=False)
    mentee = included_mentee(dated, {c: 1})

    run = _run(dated, curator).run

    assert run.pairs == []
    assert [row["mentee"] for row in run.unmatched] == [mentee.pk]


def test_unwanted_preference_is_respected(curator, dated, comps):
    c = comps["ИКТ"]
    first = ready_mentor(dated, {c: 3}, capacity=1, last_name="Андреева")
    second = ready_mentor(dated, {c: 1}, capacity=1, last_name="Белова")
    mentee = included_mentee(dated, {c: 1})
    Preference.objects.create(
        mentee=mentee, mentor=first, side=PreferenceSide.MENTEE, unwanted=True
    )

    _run(dated, curator)

    assert _proposal(dated) == {(mentee.pk, second.pk)}


def test_rerun_keeps_pins_and_replaces_the_rest(curator, dated, comps):
    c = comps["ИКТ"]
    strong = ready_mentor(dated, {c: 3}, capacity=1)
    weak = ready_mentor(dated, {c: 1}, capacity=1)
    mentee = included_mentee(dated, {c: 1})
    _run(dated, curator)
    assert _proposal(dated) == {(mentee.pk, strong.pk)}

    services.board_assign(programme=dated, mentee_id=mentee.pk, mentor_id=weak.pk)
    _run(dated, curator, preset="requests")

    assert _proposal(dated) == {(mentee.pk, weak.pk)}
    member = Membership.objects.get(mentee=mentee)
    assert member.pinned and "закреплено куратором" in member.reason


def test_assign_refuses_a_mentor_without_places(curator, dated, comps):
    c = comps["ИКТ"]
    mentor = ready_mentor(dated, {c: 3}, capacity=1)
    first = included_mentee(dated, {c: 1})
    second = included_mentee(dated, {c: 1})
    services.board_assign(programme=dated, mentee_id=first.pk, mentor_id=mentor.pk)

    with pytest.raises(DomainError, match="нет свободных мест"):
        services.board_assign(programme=dated, mentee_id=second.pk, mentor_id=mentor.pk)
    assert _proposal(dated) == {(first.pk, mentor.pk)}


def test_assign_refuses_a_forbidden_pair_naming_both(curator, dated, comps):
    mentor = ready_mentor(dated, {comps["ИКТ"]: 3}, last_name="Волкова")
    mentee = included_mentee(dated, {comps["Планирование"]: 1}, last_name="Захарова")

    with pytest.raises(DomainError) as error:
        services.board_assign(programme=dated, mentee_id=mentee.pk, mentor_id=mentor.pk)
    assert "Захарова" in error.value.message and "Волкова" in error.value.message
    assert not Membership.objects.exists()


def test_group_joins_one_mentors_pairs_and_ungroup_splits_them(curator, dated, comps):
    c = comps["ИКТ"]
    mentor = ready_mentor(dated, {c: 3}, capacity=3)
    mentees = [included_mentee(dated, {c: 1}) for _ in range(2)]
    _run(dated, curator)
    assert Pairing.objects.filter(mentor=mentor).count() == 2

    group = services.board_group(programme=dated, mentor_id=mentor.pk)

    assert group.form == MentoringForm.GROUP
    assert set(group.members.values_list("mentee", flat=True)) == {m.pk for m in mentees}
    assert Pairing.objects.filter(mentor=mentor).count() == 1
    services.board_ungroup(programme=dated, pairing_id=group.pk)
    assert Pairing.objects.filter(mentor=mentor, form=MentoringForm.GROUP).count() == 0
    assert Pairing.objects.filter(mentor=mentor).count() == 2


def test_terms_refuse_an_end_before_the_start(curator, dated, comps):
    c = comps["ИКТ"]
    ready_mentor(dated, {c: 3})
    included_mentee(dated, {c: 1})
    _run(dated, curator)
    pairing = Pairing.objects.get()

    with pytest.raises(DomainError, match="раньше"):
        services.pairing_set_terms(
            programme=dated,
            pairing_id=pairing.pk,
            form=MentoringForm.REVERSE,
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2024, 1, 1),
        )


def test_confirm_makes_pairings_confirmed_and_takes_them_off_the_board(curator, dated, comps):
    c = comps["ИКТ"]
    mentor = ready_mentor(dated, {c: 3}, capacity=1)
    mentee = included_mentee(dated, {c: 1})
    _run(dated, curator)

    confirmed = services.board_confirm(
        programme=dated, stamp=services.board_stamp(dated), by=curator
    )

    assert [p.status for p in confirmed] == [PairingStatus.CONFIRMED]
    # The start comes with the order (its date or the next working day).
    assert Membership.objects.get(mentee=mentee).joined_on is None
    # the mentor's only place is taken: the next run has nobody to pair
    other = included_mentee(dated, {c: 1})
    run = _run(dated, curator).run
    assert run.pairs == [] and run.unmatched[0]["mentee"] == other.pk
    assert mentor.pairings.get().confirmed_by == curator


def test_a_stale_board_saves_nothing(curator, dated, comps):
    c = comps["ИКТ"]
    mentor = ready_mentor(dated, {c: 3}, capacity=2)
    included_mentee(dated, {c: 1})
    _run(dated, curator)
    stamp = services.board_stamp(dated)
    mentor.capacity = 1  # someone edits the mentor's card meanwhile
    mentor.save()

    with pytest.raises(services.StaleBoard, match="Ничего не сохранено"):
        services.board_confirm(programme=dated, stamp=stamp, by=curator)
    assert not Pairing.objects.exclude(status=PairingStatus.PROPOSED).exists()


def test_confirm_rechecks_consents_at_the_last_moment(curator, dated, comps):
    c = comps["ИКТ"]
    ready_mentor(dated, {c: 3})
    mentee = included_mentee(dated, {c: 1}, last_name="Захарова")
    _run(dated, curator)
    stamp = services.board_stamp(dated)
    # a withdrawal recorded elsewhere at this very moment
    Consent.objects.filter(staff=mentee.staff).update(withdrawn_at=timezone.now())

    with pytest.raises(DomainError, match="Захарова"):
        services.board_confirm(programme=dated, stamp=stamp, by=curator)
    assert Pairing.objects.get().status == PairingStatus.PROPOSED


def test_confirm_refuses_more_mentees_than_the_mentor_has_places(curator, dated, comps):
    c = comps["ИКТ"]
    mentor = ready_mentor(dated, {c: 3}, capacity=1)
    taken = PairingFactory(mentor=mentor, status=PairingStatus.ACTIVE)
    MembershipFactory(pairing=taken, mentee=included_mentee(dated, {c: 1}))
    extra = PairingFactory(mentor=mentor, status=PairingStatus.PROPOSED)
    MembershipFactory(pairing=extra, mentee=included_mentee(dated, {c: 1}))

    with pytest.raises(DomainError, match="не осталось мест"):
        services.pairings_confirm(pairings=[extra], by=curator)
    extra.refresh_from_db()
    assert extra.status == PairingStatus.PROPOSED


def test_a_mentee_cannot_be_in_two_current_pairings_even_by_mistake(dated, comps):
    from django.db import IntegrityError, transaction

    c = comps["ИКТ"]
    mentee = included_mentee(dated, {c: 1})
    MembershipFactory(pairing=PairingFactory(mentor=ready_mentor(dated, {c: 2})), mentee=mentee)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(pairing=PairingFactory(mentor=ready_mentor(dated, {c: 2})), mentee=mentee)


def test_run_records_what_changed_since_the_previous_run(curator_client, curator, dated, comps):
    c = comps["ИКТ"]
    ready_mentor(dated, {c: 3}, capacity=1, last_name="Волкова")
    included_mentee(dated, {c: 1}, last_name="Захарова")
    _run(dated, curator)
    included_mentee(dated, {c: 2}, last_name="Зайцева")
    Membership.objects.all().delete()  # as if the curator removed Захарова
    _run(dated, curator)
    assert BoardRun.objects.count() == 2

    content = curator_client.get(reverse("pairing:board", args=[dated.pk])).content.decode()

    assert "Что изменилось с прошлого подбора" in content


# --- pages ----------------------------------------------------------------------------------


def test_curator_runs_and_confirms_from_the_page(curator_client, dated, comps):
    c = comps["ИКТ"]
    ready_mentor(dated, {c: 3}, last_name="Волкова")
    included_mentee(dated, {c: 1}, last_name="Захарова")
    url = reverse("pairing:board", args=[dated.pk])

    response = curator_client.post(
        reverse("pairing:board_run", args=[dated.pk]),
        {"mode": "optimal", "preset": "balanced"},
        follow=True,
    )
    content = response.content.decode()
    assert "Подбор выполнен: 1\u00a0пара" in content
    assert "Захарова" in content and "закрывает" in content

    stamp = response.context["confirm_form"].initial["stamp"]
    response = curator_client.post(
        reverse("pairing:board_confirm", args=[dated.pk]), {"stamp": stamp}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(url)
    assert "Утверждено: 1\u00a0пара" in response.content.decode()
    assert Pairing.objects.get().status == PairingStatus.CONFIRMED


def test_a_refused_confirmation_is_shown_on_the_board(curator_client, dated, comps):
    c = comps["ИКТ"]
    ready_mentor(dated, {c: 3})
    included_mentee(dated, {c: 1})
    services.board_run(programme=dated, by=UserFactory(organisation=dated.organisation))

    response = curator_client.post(
        reverse("pairing:board_confirm", args=[dated.pk]), {"stamp": "old"}, follow=True
    )

    assert "Ничего не сохранено" in response.content.decode()
    assert Pairing.objects.get().status == PairingStatus.PROPOSED


BOARD_POSTS = [
    ("pairing:board_run", {}, {"mode": "optimal", "preset": "balanced"}),
    ("pairing:board_assign", {}, {"mentee": 1, "mentor": 1}),
    ("pairing:board_confirm", {}, {"stamp": "x"}),
    ("pairing:board_pin", {"membership_id": 1}, {"pinned": "1"}),
    ("pairing:board_remove", {"membership_id": 1}, {}),
    ("pairing:board_group", {"mentor_id": 1}, {}),
    ("pairing:board_ungroup", {"pairing_id": 1}, {}),
    ("pairing:board_terms", {"pairing_id": 1}, {"form": "group"}),
]


@pytest.mark.parametrize("who", ["teacher_client", "regional_client"])
def test_teacher_and_regional_coordinator_cannot_open_or_change_the_board(request, who, dated):
    client = request.getfixturevalue(who)
    assert client.get(reverse("pairing:board", args=[dated.pk])).status_code == 403
    for name, kwargs, data in BOARD_POSTS:
        response = client.post(reverse(name, kwargs={"pk": dated.pk, **kwargs}), data)
        assert response.status_code == 403, name


def test_psychologist_cannot_open_the_board(client, dated):
    psychologist = UserFactory(organisation=dated.organisation, role="psychologist")
    client.force_login(psychologist)
    assert client.get(reverse("pairing:board", args=[dated.pk])).status_code == 403


def test_curator_of_another_kindergarten_gets_404_and_changes_nothing(
    other_curator_client, curator, dated, comps
):
    c = comps["ИКТ"]
    ready_mentor(dated, {c: 3})
    included_mentee(dated, {c: 1})
    _run(dated, curator)
    member = Membership.objects.get()
    assert other_curator_client.get(reverse("pairing:board", args=[dated.pk])).status_code == 404
    ids = {
        "membership_id": member.pk,
        "mentor_id": member.pairing.mentor_id,
        "pairing_id": member.pairing_id,
    }
    for name, kwargs, data in BOARD_POSTS:
        kwargs = {key: ids[key] for key in kwargs}
        response = other_curator_client.post(reverse(name, kwargs={"pk": dated.pk, **kwargs}), data)
        assert response.status_code == 404, name
    assert Pairing.objects.get().status == PairingStatus.PROPOSED


def _board_queries(client, programme) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("pairing:board", args=[programme.pk]))
    assert response.status_code == 200
    return len(queries)


def test_board_query_count_does_not_grow_with_people(curator_client, curator, dated, comps):
    c, d = comps["ИКТ"], comps["Планирование"]

    def add(n):
        for _ in range(n):
            mentor = ready_mentor(dated, {c: 3, d: 2}, capacity=2)
            for _ in range(2):
                mentee = included_mentee(dated, {c: 1, d: 2})
                Preference.objects.create(
                    mentee=mentee, mentor=mentor, side=PreferenceSide.MENTEE, rank=1
                )
        _run(dated, curator)

    add(4)
    add(1)  # 10 mentees; two runs with changes between them, as below
    small = _board_queries(curator_client, dated)
    add(45)  # 100 mentees
    assert Membership.objects.count() == 100
    assert _board_queries(curator_client, dated) == small


def test_withdrawing_consent_takes_a_person_off_the_board_but_keeps_confirmed_pairs(
    curator, dated, comps
):
    c = comps["ИКТ"]
    mentor = ready_mentor(dated, {c: 3}, capacity=2)
    proposed = included_mentee(dated, {c: 1})
    confirmed = included_mentee(dated, {c: 1})
    live = PairingFactory(mentor=mentor, status=PairingStatus.CONFIRMED)
    MembershipFactory(pairing=live, mentee=confirmed)
    _run(dated, curator)
    assert _proposal(dated) == {(proposed.pk, mentor.pk)}

    consent_withdraw(staff=proposed.staff, kind="processing", channel="online")
    consent_withdraw(staff=confirmed.staff, kind="processing", channel="online")

    assert _proposal(dated) == set()
    assert Membership.objects.filter(mentee=confirmed, pairing=live).exists()
