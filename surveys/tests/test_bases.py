"""Intake answers feed the bases through the template's mapping, never by wording."""

from programme.models import MenteeProfile, MentorProfile
from surveys.services import responses
from surveys.tests.test_consent import fill_required


def _codes(version):
    return {q.code: q for q in version.questions.all()}


def test_mentee_intake_creates_the_profile_with_requests_and_priorities(
    programme, mentee_intake, bob, invite, consent
):
    consent(bob)
    invitation, _ = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    q = _codes(version)
    planning, parents = list(programme.organisation.competencies.order_by("order")[:2])
    data = {
        q["experience"].pk: "1",
        q["category"].pk: "young",
        q["requests"].pk: [
            {"competency": planning.pk, "value": 1},
            {"competency": parents.pk, "value": 3},
        ],
    }
    responses.save_answers(invitation=invitation, data=fill_required(version, data), submit=True)
    profile = MenteeProfile.objects.get(programme=programme, staff=bob)
    assert profile.category == "young"
    assert {(r.competency, r.priority, r.source) for r in profile.requests.all()} == {
        (planning, 1, "own"),
        (parents, 3, "own"),
    }
    bob.refresh_from_db()
    assert bob.experience_total == 1


def test_a_draft_does_not_touch_the_base(programme, mentee_intake, bob, invite, consent):
    consent(bob)
    invitation, _ = invite(mentee_intake, bob)
    q = _codes(mentee_intake.versions.get())
    responses.save_answers(invitation=invitation, data={q["category"].pk: "young"})
    assert not MenteeProfile.objects.exists()


def test_mentor_intake_creates_the_mentor_profile(programme, mentor_intake, bob, invite, consent):
    consent(bob)
    invitation, _ = invite(mentor_intake, bob)
    version = mentor_intake.versions.get()
    q = _codes(version)
    planning = programme.organisation.competencies.order_by("order").first()
    forms = [c.value for c in q["preferred_forms"].choices.all()][:1]
    data = {
        q["competencies"].pk: [{"competency": planning.pk, "value": 3}],
        q["capacity"].pk: 2,
        q["preferred_forms"].pk: forms,
        q["offer_to_others"].pk: True,
    }
    responses.save_answers(invitation=invitation, data=fill_required(version, data), submit=True)
    profile = MentorProfile.objects.get(programme=programme, staff=bob)
    assert profile.capacity == 2
    assert profile.offer_to_others is True
    assert profile.preferred_forms == forms
    assert [(c.competency, c.level) for c in profile.competencies.all()] == [(planning, 3)]


def test_a_mapping_not_the_wording_decides_where_an_answer_goes(
    programme, mentee_intake, bob, invite, consent
):
    consent(bob)
    invitation, _ = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    q = _codes(version)
    q["category"].__class__.objects.filter(pk=q["category"].pk).update(text="Совсем другой текст")
    responses.save_answers(
        invitation=invitation,
        data=fill_required(version, {q["category"].pk: "newcomer"}),
        submit=True,
    )
    assert MenteeProfile.objects.get(staff=bob).category == "newcomer"
