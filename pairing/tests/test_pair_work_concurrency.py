"""Two runs of the feedback command at the same moment (a timer and a curator's button), and
two taps on one sign-in link at once, from two database connections: one round sent, one
sign-in.

Runs on PostgreSQL, where the round's row is locked with SELECT … FOR UPDATE and the link is
claimed by a conditional update. (SQLite has one writer at a time: no race to show there.)"""

import datetime as dt
import threading
import time

import pytest
from django.db import connection

from pairing.services import feedback as feedback_services
from pairing.services import signin as signin_services
from surveys.models import Invitation, QuestionnaireKind
from tests.factories import ProgrammeFactory, StaffMemberFactory, UserFactory
from tests.factories_pair_work import active_pairs

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter"
    ),
]


def _at_once(target, count=2):
    start = threading.Barrier(count)
    results = []

    def run():
        start.wait()
        try:
            results.append(target())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_runs_of_the_feedback_command_at_once_ask_each_participant_once(monkeypatch):
    programme = ProgrammeFactory()
    curator = UserFactory(organisation=programme.organisation, role="curator")
    active_pairs(programme, curator, 3)
    feedback_services.feedback_schedule_save(programme=programme, dates=[dt.date(2024, 10, 1)])
    real = feedback_services._participants

    def slow(pairings):
        time.sleep(0.3)  # both runs would read the round as unsent without the lock
        return real(pairings)

    monkeypatch.setattr(feedback_services, "_participants", slow)

    results = _at_once(lambda: feedback_services.feedback_send_due(today=dt.date(2024, 10, 1)))

    asked = sorted(sum(n for _round, n in result) for result in results)
    assert asked == [0, 6]
    interim = Invitation.objects.filter(questionnaire__kind=QuestionnaireKind.INTERIM_FEEDBACK)
    assert interim.count() == 6


def test_two_taps_on_one_sign_in_link_sign_in_once():
    staff = StaffMemberFactory(email="t@example.org")
    link = signin_services.signin_link_create(staff=staff, channel="email")
    token = signin_services.link_token(link)

    results = _at_once(lambda: signin_services.signin_link_use(token=token))

    assert sum(1 for user in results if user is not None) == 1
    staff.refresh_from_db()
    assert staff.user is not None


def test_two_records_of_an_outcome_at_once_make_one_and_neither_fails():
    from pairing.models import PairingOutcome
    from pairing.services import outcomes as outcome_services
    from tests.factories_pair_work import held

    programme = ProgrammeFactory()
    curator = UserFactory(organisation=programme.organisation, role="curator")
    pairing = active_pairs(programme, curator, 1)[0]
    held(pairing, "final", dt.date(2025, 4, 30))
    real = outcome_services._clean_conclusion

    def slow(text):
        time.sleep(0.3)  # both would find no outcome without the pairing's lock
        return real(text)

    outcome_services._clean_conclusion = slow
    try:
        results = _at_once(
            lambda: outcome_services.outcome_record(
                pairing=pairing, by=None, result="full", conclusion="Цель достигнута"
            )
        )
    finally:
        outcome_services._clean_conclusion = real

    assert len(results) == 2
    assert PairingOutcome.objects.filter(pairing=pairing).count() == 1
