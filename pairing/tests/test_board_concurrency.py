"""Two curators confirming the same mentor's last place at the same moment, from two database
connections: one pairing is confirmed, the other gets a clear refusal.

Runs on PostgreSQL, where the mentors' rows are locked with SELECT … FOR UPDATE. (SQLite has
one writer at a time by design, so there is no race to show there.)"""

import datetime as dt

import pytest
from django.db import connection

from pairing.models import Pairing, PairingStatus
from pairing.tests.races import confirm_at_once
from tests.factories import CompetencyFactory, ProgrammeFactory, UserFactory
from tests.factories_pairing import MembershipFactory, PairingFactory, included_mentee, ready_mentor

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter"
    ),
]


def test_two_curators_confirming_a_mentors_last_place_leave_one_pairing(monkeypatch):
    programme = ProgrammeFactory()
    # The pairs' term (the factory's school year) falls within the programme's year.
    programme.starts_on, programme.ends_on = dt.date(2024, 9, 1), dt.date(2025, 5, 31)
    programme.save()
    curators = [UserFactory(organisation=programme.organisation, role="curator") for _ in "ab"]
    competency = CompetencyFactory(organisation=programme.organisation)
    mentor = ready_mentor(programme, {competency: 3}, capacity=1)
    proposals = []
    for _ in range(2):  # e.g. each curator put a different mentee with this mentor
        pairing = PairingFactory(mentor=mentor, status=PairingStatus.PROPOSED)
        MembershipFactory(pairing=pairing, mentee=included_mentee(programme, {competency: 1}))
        proposals.append(pairing)

    outcomes = confirm_at_once(monkeypatch, proposals, curators)

    assert sorted(outcomes, key=len)[0] == "confirmed"
    assert "не осталось мест" in sorted(outcomes, key=len)[1]
    assert Pairing.objects.filter(mentor=mentor, status=PairingStatus.CONFIRMED).count() == 1
    assert Pairing.objects.filter(mentor=mentor, status=PairingStatus.PROPOSED).count() == 1
