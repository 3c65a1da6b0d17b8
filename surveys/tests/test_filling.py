"""Filling in from a phone: sections, drafts that survive a reload, Russian messages that keep
what was typed, a new version when an answered questionnaire is edited."""

from django.urls import reverse

from surveys.models import Invitation, InvitationStatus, Response, ResponseStatus
from surveys.services import questionnaires, responses
from surveys.tests.test_consent import fill_required


def _url(token, section=1):
    return reverse("surveys:fill", args=[token]) + f"?section={section}"


def test_a_draft_survives_a_reload(client, mentee_intake, bob, invite, consent):
    consent(bob)
    invitation, token = invite(mentee_intake, bob)
    q = mentee_intake.versions.get().questions.get(code="difficulties")
    saved = client.post(_url(token, 2), {f"q{q.pk}": "Сложно с родителями", "action": "save"})
    assert saved.status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.DRAFT
    page = client.get(_url(token, 2))  # a reload, or the same link on another device
    assert "Сложно с родителями" in page.content.decode()
    assert Response.objects.get().status == ResponseStatus.DRAFT


def test_required_questions_get_russian_messages_and_typed_values_stay(
    client, mentee_intake, bob, invite, consent
):
    consent(bob)
    _invitation, token = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    experience = version.questions.get(code="experience")
    page = client.post(_url(token, 1), {f"q{experience.pk}": "много", "action": "next"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Введите число." in text
    assert "Ответьте на этот вопрос." in text  # the category question left empty
    assert 'value="много"' in text
    assert not Response.objects.exists()


def test_submitting_all_sections_reaches_the_thank_you_page(
    client, mentee_intake, bob, invite, consent, programme
):
    consent(bob)
    _invitation, token = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    competency = programme.organisation.competencies.first()
    data = fill_required(version, {})
    sections = list(version.sections.order_by("order"))
    for index, section in enumerate(sections, start=1):
        post = {}
        for q in version.questions.filter(section=section):
            if q.kind == "competencies":
                post[f"q{q.pk}_c{competency.pk}"] = "1"
            elif q.pk in data:
                value = data[q.pk]
                post[f"q{q.pk}"] = {True: "yes", False: "no"}.get(value, value)
        action = "submit" if index == len(sections) else "next"
        page = client.post(_url(token, index), {**post, "action": action})
        assert page.status_code == 302, page.content.decode()[:3000]
    thanks = client.get(page["Location"])
    assert "Спасибо" in thanks.content.decode()
    assert Response.objects.get().status == ResponseStatus.SUBMITTED


def test_editing_an_answered_questionnaire_makes_a_new_version(mentee_intake, bob, invite, consent):
    consent(bob)
    invitation, _ = invite(mentee_intake, bob)
    first = mentee_intake.versions.get()
    responses.save_answers(invitation=invitation, data=fill_required(first, {}), submit=True)
    assert questionnaires.is_frozen(first)
    second = questionnaires.version_fork(version=first, note="новый вопрос")
    assert second.number == 2
    assert second.questions.count() == first.questions.count()
    assert Response.objects.get().version == first
    assert not questionnaires.is_frozen(second)
