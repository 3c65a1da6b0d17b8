"""A shared mentor's one limit across two kindergartens confirming at the same moment, from two
database connections: her home kindergarten and the one that borrowed her each confirm a pair
with her last place; one is confirmed, the other refused.

Runs on PostgreSQL, where her home mentor row is locked with SELECT … FOR UPDATE (SQLite has
one writer at a time by design, so there is no race to show there)."""

import pytest
from django.db import connection

from pairing.models import Membership, Pairing, PairingStatus
from pairing.services import board as services
from pairing.tests.races import confirm_at_once
from pairing.tests.test_sharing import World, share
from tests.factories_pairing import included_mentee

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter"
    ),
]


def test_her_one_limit_holds_across_two_kindergartens_confirming_at_once(monkeypatch):
    world = World()
    share(world.mentor.staff)
    world.accept_both(world.ask())
    home_skill = world.mentor.competencies.first().competency
    included_mentee(world.home_programme, {home_skill: 1}, last_name="Домашняя")
    services.board_run(programme=world.programme, by=world.curator)
    services.board_run(programme=world.home_programme, by=world.home_curator)
    proposals = [
        Pairing.objects.get(programme=programme, mentor=world.mentor, status="proposed")
        for programme in (world.programme, world.home_programme)
    ]
    curators = [world.curator, world.home_curator]

    outcomes = confirm_at_once(monkeypatch, proposals, curators)

    assert sorted(outcomes, key=len)[0] == "confirmed"
    assert "не осталось мест" in sorted(outcomes, key=len)[1]
    taken = Membership.objects.filter(
        pairing__mentor=world.mentor,
        pairing__status__in=(PairingStatus.CONFIRMED, PairingStatus.ACTIVE),
    ).count()
    assert taken == 1 == world.mentor.capacity
