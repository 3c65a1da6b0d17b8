"""Under load and at scale: a double click is thanked, not told its link is dead; a consent is
given once; a submit, the results page and a person pick do not grow with the data."""

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programme.models import MenteeProfile
from surveys.models import Consent, ConsentKind, Response, ResponseStatus
from surveys.services import responses
from surveys.tests.conftest import give_consent
from surveys.tests.test_consent import fill_required
from tests.factories import MentorProfileFactory, StaffMemberFactory


def _url(name, token, section=None):
    url = reverse(f"surveys:{name}", args=[token])
    return url + (f"?section={section}" if section else "")


def _last_section_post(version, data, competency=None):
    """The POST of the intake's last section, as the page sends it, with «Отправить»."""
    section = version.sections.order_by("order").last()
    post = {"action": "submit"}
    for q in version.questions.filter(section=section):
        value = data.get(q.pk)
        if value is not None:
            post[f"q{q.pk}"] = {True: "yes", False: "no"}.get(value, value)
    return section.order, post


def _answer_all_but_last_section(invitation, version):
    last = version.sections.order_by("order").last()
    data = fill_required(version, {})
    earlier = {pk: v for pk, v in data.items() if version.questions.get(pk=pk).section != last}
    responses.save_answers(invitation=invitation, data=earlier)
    return data


# --- Honest double submits ------------------------------------------------------------------


def test_a_second_submit_that_finds_the_answers_in_shows_the_thanks_page(
    client, mentee_intake, bob, invite, consent, monkeypatch
):
    consent(bob)
    invitation, token = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    data = _answer_all_but_last_section(invitation, version)
    index, post = _last_section_post(version, data)
    # The first click's submit commits while the second request is already past its checks:
    # it then waits on the invitation's lock and finds the response submitted.
    real_mark_opened = responses.mark_opened

    last = version.sections.order_by("order").last()
    last_answers = {pk: v for pk, v in data.items() if version.questions.get(pk=pk).section == last}

    def first_click_lands(inv):
        real_mark_opened(inv)
        responses.save_answers(invitation=invitation, data=last_answers, submit=True)

    monkeypatch.setattr(responses, "mark_opened", first_click_lands)
    second = client.post(_url("fill", token, index), post)

    assert second.status_code == 200
    text = second.content.decode()
    assert "Ответы уже получены" in text
    assert "Ссылка не действует" not in text
    assert Response.objects.get().status == ResponseStatus.SUBMITTED


def test_a_submit_of_a_submitted_response_answers_the_thanks_page(
    client, mentee_intake, bob, invite, consent
):
    consent(bob)
    invitation, token = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    data = fill_required(version, {})
    responses.save_answers(invitation=invitation, data=data, submit=True)
    index, post = _last_section_post(version, data)

    again = client.post(_url("fill", token, index), post)

    assert again.status_code == 200
    assert "Ответы уже получены" in again.content.decode()
    assert Response.objects.count() == 1


def test_a_consent_post_after_a_consent_exists_goes_on_to_the_questionnaire(
    client, mentee_intake, bob, invite
):
    _invitation, token = invite(mentee_intake, bob)
    first = client.post(_url("fill_consent", token), {"agree": "on"})
    second = client.post(_url("fill_consent", token), {"agree": "on"})

    assert first.status_code == second.status_code == 302
    assert second["Location"] == _url("fill", token)
    valid = Consent.objects.filter(staff=bob, kind=ConsentKind.PROCESSING, withdrawn_at=None)
    assert valid.count() == 1


def test_consent_give_returns_the_valid_consent_there_is(bob):
    first = give_consent(bob)
    assert give_consent(bob).pk == first.pk


# --- A submit in a bounded number of queries ------------------------------------------------


def test_submitting_the_intake_runs_at_most_20_queries(
    client, programme, mentee_intake, bob, invite, consent
):
    consent(bob)
    mentor = MentorProfileFactory(programme=programme).staff
    invitation, token = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    data = _answer_all_but_last_section(invitation, version)
    data[version.questions.get(code="preferred_mentor").pk] = str(mentor.pk)
    data[version.questions.get(code="expectations").pk] = "Поддержки в работе с родителями"
    index, post = _last_section_post(version, data)
    client.get(_url("fill", token, index))  # the page was open before «Отправить»

    with CaptureQueriesContext(connection) as ctx:
        page = client.post(_url("fill", token, index), post)

    assert page.status_code == 302, page.content.decode()[:2000]
    # Every statement counts, the audit trail's own inserts included; transaction control
    # (BEGIN, COMMIT, SAVEPOINT, RELEASE) is not a query.
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")
    queries = [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith(control)]
    assert len(queries) <= 20, "\n".join(q[:120] for q in queries)
    profile = MenteeProfile.objects.get(staff=bob)
    assert profile.preferred_mentor_id == mentor.pk
    assert profile.requests.count() == 1


# --- The results page counts in the database ------------------------------------------------


def _satisfaction_answers(questionnaire, invite, count, start=0):
    version = questionnaire.versions.get()
    for i in range(start, start + count):
        person = StaffMemberFactory(organisation=questionnaire.programme.organisation)
        give_consent(person)
        invitation, _ = invite(questionnaire, person)
        data = {}
        for q in version.questions.all():
            if q.kind == "scale":
                data[q.pk] = 1 + i % 10
            elif q.kind == "long_text":
                data[q.pk] = f"Ответ номер {i}"
        responses.save_answers(
            invitation=invitation, data=fill_required(version, data), submit=True
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == 200
    return len(ctx.captured_queries), page.content.decode()


def test_the_results_page_runs_the_same_queries_for_5_and_50_responses(
    curator_client, programme, invite
):
    satisfaction = programme.questionnaires.get(kind="satisfaction")
    url = reverse("surveys:results", args=[programme.pk, satisfaction.pk])
    _satisfaction_answers(satisfaction, invite, 5)
    small, _ = _queries(curator_client, url)
    _satisfaction_answers(satisfaction, invite, 45, start=5)
    large, text = _queries(curator_client, url)

    assert small == large
    assert "Ответили <strong>50</strong>" in text
    # Scales 1…10 five times each: the mean comes from the database's counts.
    assert "среднее: <strong>5,5</strong>" in text
    # The first five by text (0, 1, 10, 11, 12), not the newest: an anonymous summary.
    assert "Ответ номер 12<" in text and "Ответ номер 13<" not in text
    assert "Ответ номер 49<" not in text
    assert "Все ответы (50)" in text


def test_open_answers_are_read_page_by_page(curator_client, programme, invite):
    satisfaction = programme.questionnaires.get(kind="satisfaction")
    _satisfaction_answers(satisfaction, invite, 55)
    code = satisfaction.versions.get().questions.filter(kind="long_text").first().code
    url = reverse("surveys:results_open", args=[programme.pk, satisfaction.pk, code])

    first = curator_client.get(url).content.decode()
    second = curator_client.get(url + "?page=2").content.decode()

    # By text: 0, 1, 10…19, 2, 20…29, …, 5, 50…53 on the first page; 54, 6, 7, 8, 9 after.
    assert "Ответ номер 53<" in first and "Ответ номер 9<" not in first
    assert "Ответ номер 9<" in second and "Ответ номер 54<" in second
    assert "по алфавиту" in first
    assert curator_client.get(url.replace(code, "nosuch")).status_code == 404


def test_open_answers_of_another_kindergarten_answer_404(other_curator_client, programme, invite):
    satisfaction = programme.questionnaires.get(kind="satisfaction")
    code = satisfaction.versions.get().questions.filter(kind="long_text").first().code
    url = reverse("surveys:results_open", args=[programme.pk, satisfaction.pk, code])
    assert other_curator_client.get(url).status_code == 404


# --- A person pick offers the eligible, and searches when they are many ---------------------


def test_the_preferred_mentor_question_offers_only_the_programmes_mentors(
    client, programme, mentee_intake, bob, invite, consent
):
    consent(bob)
    mentor = MentorProfileFactory(programme=programme).staff
    rejected = MentorProfileFactory(programme=programme, status="rejected").staff
    colleague = StaffMemberFactory(organisation=programme.organisation, last_name="Посторонняя")
    _invitation, token = invite(mentee_intake, bob)
    last = mentee_intake.versions.get().sections.order_by("order").last().order

    page = client.get(_url("fill", token, last)).content.decode()

    assert f'value="{mentor.pk}"' in page
    assert f'value="{rejected.pk}"' not in page
    assert f'value="{colleague.pk}"' not in page and "Посторонняя" not in page
    assert "Найти" not in page  # a short list needs no search


def test_a_colleague_who_is_not_eligible_is_refused_on_submit(
    programme, mentee_intake, bob, invite, consent
):
    consent(bob)
    colleague = StaffMemberFactory(organisation=programme.organisation)
    invitation, _ = invite(mentee_intake, bob)
    question = mentee_intake.versions.get().questions.get(code="preferred_mentor")
    with pytest.raises(responses.DomainError, match="такого человека нет в списке"):
        responses.save_answers(invitation=invitation, data={question.pk: str(colleague.pk)})


def test_a_long_list_of_people_becomes_a_search_box(
    client, programme, mentee_intake, bob, invite, consent, monkeypatch
):
    monkeypatch.setattr(responses, "PEOPLE_LIST_MAX", 3)
    consent(bob)
    mentors = [
        MentorProfileFactory(
            programme=programme,
            staff=StaffMemberFactory(organisation=programme.organisation, last_name=name),
        ).staff
        for name in ("Абрамова", "Белова", "Волкова", "Громова", "Дёмина")
    ]
    _invitation, token = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    last = version.sections.order_by("order").last().order
    question = version.questions.get(code="preferred_mentor")

    page = client.get(_url("fill", token, last)).content.decode()
    assert "Найти" in page
    assert all(f'value="{m.pk}"' not in page for m in mentors)

    found = client.post(
        _url("fill", token, last), {"action": "find", f"q{question.pk}_find": "волк"}
    ).content.decode()
    assert f'value="{mentors[2].pk}"' in found
    assert f'value="{mentors[0].pk}"' not in found
    assert not Response.objects.exists()  # a search saves nothing


# --- Duplicates left from before the constraint ----------------------------------------------


def test_the_migration_merges_duplicate_consents_keeping_the_earliest(
    programme, mentee_intake, bob, invite
):
    migration = importlib.import_module("surveys.migrations.0005_merge_duplicate_consents")
    from django.apps import apps

    first = give_consent(bob)
    withdrawn = Consent.objects.create(
        organisation=bob.organisation,
        staff=bob,
        kind="processing",
        text=first.text,
        given_at=timezone.now(),
        channel="online",
        withdrawn_at=timezone.now(),
        withdrawal_note="заявление",
    )
    with connection.cursor() as cursor:  # as the database was before the constraint
        cursor.execute("DROP INDEX consent_one_valid_per_kind")
    duplicates = [
        Consent.objects.create(
            organisation=bob.organisation,
            staff=bob,
            kind="processing",
            text=first.text,
            given_at=first.given_at + timezone.timedelta(seconds=n),
            channel="online",
        )
        for n in (1, 2)
    ]
    invitation, _ = invite(mentee_intake, bob)
    answered = Response.objects.create(
        version=mentee_intake.versions.get(),
        invitation=invitation,
        respondent=bob,
        consent=duplicates[1],
    )

    migration.merge_duplicate_consents(apps, None)

    valid = Consent.objects.filter(staff=bob, withdrawn_at__isnull=True)
    assert list(valid) == [first]
    assert Consent.objects.filter(pk=withdrawn.pk, withdrawal_note="заявление").exists()
    answered.refresh_from_db()
    assert answered.consent_id == first.pk


# --- Pages of a questionnaire being filled read little --------------------------------------


def _question_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == 200
    return [q["sql"] for q in ctx.captured_queries if 'FROM "surveys_question"' in q["sql"]]


def test_pages_of_an_answered_version_read_its_questions_from_memory(
    client, mentee_intake, bob, invite, consent
):
    consent(bob)
    invitation, token = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    _answer_all_but_last_section(invitation, version)  # a response: the version is frozen
    responses.forget_frozen_questions()

    first = _question_queries(client, _url("fill", token, 2))
    again = _question_queries(client, _url("fill", token, 2))

    assert first, "the first page reads the questions"
    assert again == []


def test_a_version_nobody_answered_shows_a_question_added_meanwhile(
    client, mentee_intake, bob, invite, consent
):
    consent(bob)
    _invitation, token = invite(mentee_intake, bob)
    version = mentee_intake.versions.get()
    section = version.sections.order_by("order").first()
    client.get(_url("fill", token, 1))

    version.questions.create(
        section=section, order=99, kind="short_text", text="Ваш любимый вид спорта?", code="sport"
    )
    page = client.get(_url("fill", token, 1))

    assert "Ваш любимый вид спорта?" in page.content.decode()


def test_a_personal_link_is_found_in_two_narrow_queries(mentee_intake, bob, invite):
    from surveys.services.invitations import find_invitation

    invitation, token = invite(mentee_intake, bob)

    with CaptureQueriesContext(connection) as ctx:
        found = find_invitation(token)
        names = (
            found.staff.full_name,
            found.questionnaire.title,
            found.questionnaire.programme.organisation.short_name,
        )

    assert found.pk == invitation.pk and all(names)
    assert len(ctx.captured_queries) == 2
    assert find_invitation(token[:-1] + ("A" if token[-1] != "A" else "B")) is None


def test_the_current_consent_check_is_one_query_and_knows_a_reconsent_version(bob, consent):
    from surveys.services import consents

    consent(bob)
    with CaptureQueriesContext(connection) as ctx:
        assert consents.has_current_consent(bob)
    assert len(ctx.captured_queries) == 1

    text = consents.current_text(organisation=bob.organisation, kind=ConsentKind.PROCESSING)
    text.pk, text.version, text.requires_reconsent = None, text.version + 1, True
    text.save()

    assert not consents.has_current_consent(bob)
    assert consents.current_consent(bob) is None
