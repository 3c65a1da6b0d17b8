"""A shared mentor's one limit across two kindergartens confirming at the same moment, from two
database connections: her home kindergarten and the one that borrowed her each confirm a pair
with her last place; one is confirmed, the other refused.

Runs on PostgreSQL, where her home mentor row is locked with SELECT … FOR UPDATE (SQLite has
one writer at a time by design, so there is no race to show there)."""

import threading
import time

import pytest
from django.db import connection

from pairing.models import Membership, Pairing, PairingStatus
from pairing.services import board as services
from pairing.tests.test_sharing import World, share
from programme.exceptions import DomainError
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

    # Both confirmations read her places at once unless the lock makes one wait.
    real_check = services.has_valid_consent

    def slow_check(staff, *args):
        time.sleep(0.2)
        return real_check(staff, *args)

    monkeypatch.setattr(services, "has_valid_consent", slow_check)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm(pairing, curator):
        start.wait()
        try:
            services.pairings_confirm(pairings=[pairing], by=curator)
            outcomes.append("confirmed")
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=confirm, args=(p, c))
        for p, c in zip(proposals, curators, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes, key=len)[0] == "confirmed"
    assert "не осталось мест" in sorted(outcomes, key=len)[1]
    taken = Membership.objects.filter(
        pairing__mentor=world.mentor,
        pairing__status__in=(PairingStatus.CONFIRMED, PairingStatus.ACTIVE),
    ).count()
    assert taken == 1 == world.mentor.capacity
