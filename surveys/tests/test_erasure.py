"""Withdrawal that erases (152-ФЗ ст. 21 ч. 5, issue 13 item 4): after it, nothing in any table
links to the person except the consent, the registered documents that name her and the trail's
entry of the withdrawal; anonymised answers keep no time finer than the date."""

import datetime as dt

import pytest
from django.apps import apps
from django.utils import timezone

from pairing.models import Notice, OrderStatus, PairingStatus
from programme.models import (
    AuditEntry,
    MenteeProfile,
    MentorProfile,
    Preference,
    Score,
    StaffMember,
)
from programme.models.personal_data import links_to_person
from surveys.models import Consent, ConsentChannel, ConsentKind, QuestionnaireKind, Response
from surveys.services import consents, responses
from surveys.tests.test_consent import fill_required
from tests.factories import MentorProfileFactory, StaffMemberFactory
from tests.factories_assessment import InterviewFactory, ScoreFactory
from tests.factories_documents import InformingEventFactory
from tests.factories_pairing import MembershipFactory, OrderFactory, PairingFactory

# Rows that may still name her after the withdrawal, and why.
ALLOWED = {
    "surveys.Consent",  # the consent and its withdrawal (ст. 9 ч. 3)
    "programme.MenteeProfile",  # named by the registered order
    "pairing.Notice",  # the notice of the registered order
}


def rows_linking_to(staff: StaffMember) -> dict[str, int]:
    """Every model with a foreign key (or many-to-many) to the staff record: its rows that
    point at this person. New models are walked as soon as they exist."""
    found = {}
    for model in apps.get_models():
        for field in links_to_person(model):
            count = model._default_manager.filter(**{field.name: staff}).count()
            if count:
                label = model._meta.label
                found[label] = found.get(label, 0) + count
    return found


@pytest.fixture
def everything_about_bob(programme, bob, invite, consent, mentee_intake, curator):
    """Bob with answers, an observation about him, a score, an interview, profiles, requests,
    preferences, an event, and a pairing fixed by a registered order."""
    consent(bob)
    competency = programme.organisation.competencies.first()
    invitation, _token = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    data = {
        version.questions.get(code="requests").pk: [{"competency": competency.pk, "value": 1}],
        version.questions.get(code="difficulties").pk: "Планирование по ФОП ДО",
    }
    responses.save_answers(invitation=invitation, data=fill_required(version, data), submit=True)
    # A psychologist's observation about him (2.2).
    psychologist = StaffMemberFactory(organisation=programme.organisation, position="psiholog")
    consent(psychologist)
    third = programme.questionnaires.get(kind=QuestionnaireKind.THIRD_PARTY)
    about, _ = invite(third, psychologist, subject=bob)
    responses.save_answers(
        invitation=about, data=fill_required(third.versions.get(), {}), submit=True
    )
    ScoreFactory(round__programme=programme, staff=bob, value=2)
    mentor_profile = MentorProfileFactory(programme=programme, staff=bob, achievements="Призёр")
    InterviewFactory(mentor=mentor_profile, notes="Уверенно", conclusion="recommended")
    InformingEventFactory(programme=programme).invitees.create(staff=bob, attended=True)
    mentee = MenteeProfile.objects.get(staff=bob)
    other_mentor = MentorProfileFactory(programme=programme)
    Preference.objects.create(mentee=mentee, mentor=other_mentor, side="mentee", rank=1)
    order = OrderFactory(
        programme=programme, status=OrderStatus.REGISTERED, number="12", date=dt.date(2024, 9, 2)
    )
    pairing = PairingFactory(mentor=other_mentor, status=PairingStatus.ACTIVE, fixed_by=order)
    MembershipFactory(pairing=pairing, mentee=mentee, fixed_by=order)
    Notice.objects.create(order=order, pairing=pairing, staff=bob)
    return mentee


def test_after_withdrawal_nothing_links_to_the_person_but_the_consent_and_registered_documents(
    everything_about_bob, bob
):
    before = rows_linking_to(bob)
    assert {"programme.Score", "programme.MentorProfile", "surveys.Response"} <= set(before)
    consent = consents.consent_withdraw(
        staff=bob, kind=ConsentKind.PROCESSING, channel=ConsentChannel.PAPER, note="заявление"
    )
    after = rows_linking_to(bob)
    assert set(after) <= ALLOWED, after
    assert after.get("surveys.Consent") == 1
    kept = MenteeProfile.objects.get(staff=bob)
    assert not kept.requests.exists() and not kept.preferences.exists()
    assert not MentorProfile.objects.filter(staff=bob).exists()  # and with it the interview
    assert not Score.objects.filter(staff=bob).exists()
    bob.refresh_from_db()
    assert bob.birth_date is None and bob.email == "" and bob.phone == ""
    report = consent.withdrawal_report
    removed = dict(report["removed"])
    assert removed["баллы"] == 1 and removed["собеседования с наставниками"] == 1
    assert any("зарегистрированном приказе" in reason for _label, reason in report["kept"])


def test_anonymised_answers_hold_no_time_finer_than_the_date_and_no_values(
    everything_about_bob, bob
):
    consents.consent_withdraw(staff=bob, kind=ConsentKind.PROCESSING, channel="online")
    own = Response.objects.get(respondent__isnull=True, anonymised_at__isnull=False)
    assert not own.answers.exists()
    for stamp in (own.submitted_at, own.started_at, own.updated_at, own.anonymised_at):
        local = timezone.localtime(stamp)
        assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    # Nothing about him from third parties is left.
    assert not Response.objects.filter(subject=bob).exists()


def test_the_trail_keeps_only_the_withdrawal_about_the_person(everything_about_bob, bob):
    assert AuditEntry.objects.filter(person_id=bob.pk).count() > 3
    consent = consents.consent_withdraw(staff=bob, kind=ConsentKind.PROCESSING, channel="paper")
    about = list(AuditEntry.objects.filter(person_id=bob.pk))
    assert len(about) == 1
    withdrawal = about[0]
    assert withdrawal.object_id == consent.pk and "withdrawn_at" in withdrawal.changes
    named = AuditEntry.objects.filter(object_repr__icontains=bob.last_name).exclude(
        pk=withdrawal.pk
    )
    assert not named.exists()


def test_summaries_count_fewer_after_a_withdrawal(everything_about_bob, bob, mentee_intake):
    from surveys.selectors import questionnaire_results

    def answered(code):
        results = questionnaire_results(mentee_intake)
        return next((s.answered for s in results.summaries if s.question.code == code), 0)

    assert answered("requests") == 1
    consents.consent_withdraw(staff=bob, kind=ConsentKind.PROCESSING, channel="online")
    assert answered("requests") == 0


def test_a_consent_record_stays_with_the_withdrawal(everything_about_bob, bob):
    consents.consent_withdraw(staff=bob, kind=ConsentKind.PROCESSING, channel="online")
    record = Consent.objects.get(staff=bob)
    assert record.withdrawn_at is not None and record.withdrawal_channel == "online"
