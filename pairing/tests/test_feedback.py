"""Scheduled interim feedback (6.5) through the ordinary invitations, exactly once per round;
each pair's answers and alerts for the curator; the satisfaction summary (6.8); the progress of
6.1–6.8 on the dashboard."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from pairing.models import FeedbackRequest, FeedbackRound
from pairing.selectors.feedback import feedback_progress, satisfaction_summary
from pairing.selectors.meetings import meeting_progress
from pairing.selectors.overview import overview_rows
from pairing.services import feedback as services
from surveys.models import Invitation, InvitationStatus, QuestionnaireKind
from surveys.services import responses
from tests.factories_pair_work import (
    active_pairs,
    confirmed_pairing,
    held,
    mentee_of,
    register,
)
from tests.factories_pairing import give_processing_consent


@pytest.fixture
def pairs(programme, curator):
    """A pair and a group: five participants."""
    single = active_pairs(programme, curator, 1)[0]
    group = confirmed_pairing(programme, "Соболева", "Лисицына", "Воронина", form="group")
    register(programme, curator, number="46-о")
    group.refresh_from_db()
    return single, group


def _people(pairings) -> set[int]:
    ids = set()
    for pairing in pairings:
        ids.add(pairing.mentor.staff_id)
        ids |= set(pairing.members.values_list("mentee__staff_id", flat=True))
    return ids


def _interim(programme):
    return Invitation.objects.filter(
        questionnaire__programme=programme,
        questionnaire__kind=QuestionnaireKind.INTERIM_FEEDBACK,
    )


def _run(day: str, capture):
    with capture(execute=True):
        call_command("feedback_rounds", date=day)


def _answer(invitation, **scores):
    give_processing_consent(invitation.staff)
    data = {}
    for question in responses.questions_of(invitation):
        if question.code in scores:
            data[question.pk] = scores[question.code]
        elif question.code == "meetings_enough":
            data[question.pk] = True
    responses.save_answers(invitation=invitation, data=data, submit=True)


def test_the_command_run_twice_on_the_same_day_sends_one_invitation_per_participant(
    programme, pairs, django_capture_on_commit_callbacks
):
    services.feedback_schedule_save(programme=programme, dates=[dt.date(2024, 10, 15)])

    _run("2024-10-15", django_capture_on_commit_callbacks)
    _run("2024-10-15", django_capture_on_commit_callbacks)

    invitations = _interim(programme)
    assert invitations.count() == 5
    assert set(invitations.values_list("staff_id", flat=True)) == _people(pairs)
    assert len(mail.outbox) == 5
    assert FeedbackRound.objects.get().sent_at is not None
    assert FeedbackRequest.objects.filter(invitation__isnull=True).count() == 0


def test_run_a_day_late_the_command_still_sends_the_missed_round(
    programme, pairs, django_capture_on_commit_callbacks
):
    services.feedback_schedule_save(programme=programme, dates=[dt.date(2024, 10, 15)])

    _run("2024-10-14", django_capture_on_commit_callbacks)
    assert _interim(programme).count() == 0
    _run("2024-10-16", django_capture_on_commit_callbacks)

    assert _interim(programme).count() == 5
    assert FeedbackRound.objects.get().sent_at is not None


def test_several_missed_rounds_send_the_latest_and_mark_the_older_missed(programme, pairs):
    services.feedback_schedule_save(
        programme=programme, dates=[dt.date(2024, 10, 1), dt.date(2024, 10, 15)]
    )

    services.feedback_send_due(today=dt.date(2024, 10, 20))

    older, latest = FeedbackRound.objects.order_by("on")
    assert older.missed and older.requests.count() == 0
    assert latest.sent_at and not latest.missed and latest.requests.count() == 5
    assert _interim(programme).count() == 5


def test_the_next_round_asks_again_those_who_answered(programme, pairs):
    services.feedback_schedule_save(
        programme=programme, dates=[dt.date(2024, 10, 1), dt.date(2024, 11, 1)]
    )
    services.feedback_send_due(today=dt.date(2024, 10, 1))
    for invitation in _interim(programme):
        _answer(invitation, progress=7, comfort=8)

    services.feedback_send_due(today=dt.date(2024, 11, 1))

    second = FeedbackRound.objects.get(on=dt.date(2024, 11, 1))
    requests = list(second.requests.select_related("invitation"))
    assert len(requests) == 5
    assert all(r.invitation.status == InvitationStatus.CREATED for r in requests)
    assert _interim(programme).count() == 10


def test_an_unanswered_link_of_the_previous_round_is_closed_by_the_next(programme, pairs):
    services.feedback_schedule_save(
        programme=programme, dates=[dt.date(2024, 10, 1), dt.date(2024, 10, 8)]
    )
    services.feedback_send_due(today=dt.date(2024, 10, 1))
    first = set(_interim(programme).values_list("pk", flat=True))

    services.feedback_send_due(today=dt.date(2024, 10, 8))

    assert not Invitation.objects.filter(pk__in=first, revoked_at__isnull=True).exists()


def test_a_mentor_of_two_pairs_gets_one_questionnaire_counted_for_both(programme, curator):
    first = confirmed_pairing(programme, "Орлова", "Журавлёва")
    second = confirmed_pairing(programme, "Орлова-2", "Лисицына")
    second.mentor = first.mentor
    second.save()
    register(programme, curator)
    services.feedback_schedule_save(programme=programme, dates=[dt.date(2024, 10, 1)])

    services.feedback_send_due(today=dt.date(2024, 10, 1))

    mentor = first.mentor.staff
    assert _interim(programme).filter(staff=mentor).count() == 1
    assert FeedbackRequest.objects.filter(staff=mentor).count() == 2


def test_the_schedule_every_n_weeks_makes_the_dates_and_keeps_the_sent_ones(programme, pairs):
    services.feedback_schedule_save(
        programme=programme,
        dates=[],
        every_weeks=4,
        starts_on=dt.date(2024, 9, 2),
        ends_on=dt.date(2024, 11, 30),
    )
    assert [r.on for r in FeedbackRound.objects.order_by("on")] == [
        dt.date(2024, 9, 2),
        dt.date(2024, 9, 30),
        dt.date(2024, 10, 28),
        dt.date(2024, 11, 25),
    ]
    services.feedback_send_due(today=dt.date(2024, 9, 2))

    _schedule, added, removed = services.feedback_schedule_save(
        programme=programme, dates=[dt.date(2024, 12, 10)]
    )

    assert (added, removed) == (1, 3)
    assert [r.on for r in FeedbackRound.objects.order_by("on")] == [
        dt.date(2024, 9, 2),
        dt.date(2024, 12, 10),
    ]


def test_the_curator_sees_per_pair_who_answered_the_scores_and_a_pair_in_trouble(
    programme, pairs, curator_client
):
    single, group = pairs
    services.feedback_schedule_save(programme=programme, dates=[dt.date(2024, 10, 1)])
    services.feedback_send_due(today=dt.date(2024, 10, 1))
    mentee = mentee_of(single)
    _answer(_interim(programme).get(staff=mentee), progress=6, comfort=3)
    _answer(_interim(programme).get(staff=single.mentor.staff), progress=8, comfort=4)
    held(group, "organisational", dt.date(2024, 9, 5))

    page = curator_client.get(reverse("pairing:feedback", args=[programme.pk]))

    rows = {row.pairing.pk: row for row in page.context["rows"]}
    latest = rows[single.pk].feedback.latest
    assert sorted(latest.answered) == sorted([mentee.short_name, single.mentor.staff.short_name])
    assert latest.progress == 7 and latest.comfort == 3.5
    assert any("низкие оценки (комфорт 3,5 из 10)" in a for a in rows[single.pk].alerts)
    assert rows[group.pk].feedback.latest.answered == []
    text = page.content.decode()
    assert "нет ответа:" in text and "Соболева" in text


def test_a_pair_without_meetings_for_weeks_is_in_trouble(programme, curator):
    pairing = active_pairs(programme, curator, 1)[0]
    held(pairing, "organisational", dt.date(2024, 9, 5))

    quiet = overview_rows(programme, today=dt.date(2024, 10, 10))[0].alerts
    busy = overview_rows(programme, today=dt.date(2024, 9, 20))[0].alerts

    assert "нет встреч 5\u00a0недель" in quiet
    assert not any("встреч" in a for a in busy)


# --- Satisfaction (6.8) ----------------------------------------------------------------------


def _satisfied(invitation, score, go_on, valuable=""):
    give_processing_consent(invitation.staff)
    data = {}
    for question in responses.questions_of(invitation):
        if question.kind == "scale":
            data[question.pk] = score
        elif question.code in ("continue", "become_mentor"):
            data[question.pk] = go_on
        elif question.code == "valuable":
            data[question.pk] = valuable
    responses.save_answers(invitation=invitation, data=data, submit=True)


def test_the_satisfaction_summary_is_shown_per_group_from_three_responses(
    programme, curator, curator_client
):
    pairs = active_pairs(programme, curator, 3)
    invited = services.satisfaction_send(programme=programme, by=curator)
    assert invited == 6
    assert services.satisfaction_send(programme=programme, by=curator) == 0  # once each
    asked = Invitation.objects.filter(questionnaire__kind=QuestionnaireKind.SATISFACTION)
    for score, pairing in zip((6, 8, 10), pairs, strict=True):
        _satisfied(asked.get(staff=mentee_of(pairing)), score, score > 6, f"ценно {score}")
    _satisfied(asked.get(staff=pairs[0].mentor.staff), 9, True)

    mentors, mentees = satisfaction_summary(programme)

    assert mentors.responses == 1 and mentors.hidden and mentors.items == []
    assert mentees.responses == 3 and not mentees.hidden
    organisation = next(i for i in mentees.items if i.question.code == "organisation")
    assert organisation.mean == 8.0
    assert ("10", 1) in organisation.counts and ("7", 0) in organisation.counts
    share = next(s for s in mentees.shares if s.label == "продолжили бы работу в программе")
    assert (share.yes, share.answered, share.percent) == (2, 3, 67)
    assert sorted(mentees.texts[0][1]) == ["ценно 10", "ценно 6", "ценно 8"]
    page = curator_client.get(reverse("pairing:satisfaction", args=[programme.pk])).content.decode()
    assert "Ответов меньше 3" in page and "67% (2 из 3 ответивших)" in page


def test_satisfaction_open_answers_are_listed_by_text_not_in_the_order_they_came(
    programme, curator
):
    pairs = active_pairs(programme, curator, 3)
    services.satisfaction_send(programme=programme, by=curator)
    asked = Invitation.objects.filter(questionnaire__kind=QuestionnaireKind.SATISFACTION)
    # Submitted Г…, А…, Я… (alphabetical neither way): the summary must not follow the
    # curator's list of who answered.
    for text, pairing in zip(("Группа поддержки", "Атмосфера", "Ясные цели"), pairs, strict=True):
        _satisfied(asked.get(staff=mentee_of(pairing)), 8, True, text)

    _mentors, mentees = satisfaction_summary(programme)

    texts = dict(mentees.texts)
    valuable = next(v for v in texts.values() if v)
    assert valuable == ["Атмосфера", "Группа поддержки", "Ясные цели"]


def test_the_regional_coordinator_reads_the_anonymous_summary_but_sends_nothing(
    programme, curator, regional_client
):
    active_pairs(programme, curator, 1)
    url = reverse("pairing:satisfaction", args=[programme.pk])

    assert regional_client.get(url).status_code == 200
    send = reverse("pairing:satisfaction_send", args=[programme.pk])
    assert regional_client.post(send).status_code == 403


# --- Progress of the roadmap ------------------------------------------------------------------


def test_the_roadmap_shows_the_share_of_pairs_that_held_each_meeting_and_answered(
    programme, pairs, curator_client
):
    single, _group = pairs
    held(single, "organisational", dt.date(2024, 9, 5))
    services.feedback_schedule_save(programme=programme, dates=[dt.date(2024, 10, 1)])
    services.feedback_send_due(today=dt.date(2024, 10, 1))
    _answer(_interim(programme).get(staff=mentee_of(single)), progress=6, comfort=7)

    meetings = meeting_progress(programme)
    feedback = feedback_progress(programme)

    assert meetings["6.1"].text == "провели 1 из 2 пар"
    assert (meetings["6.1"].done, meetings["6.1"].total) == (1, 2)
    assert "6.6" not in meetings  # 6.6 is the pairs' end: test_roadmap_closes
    assert feedback["6.5"].text == "ответили 1 из 5 (сборов: 1)"
    page = curator_client.get(reverse("programme:dashboard", args=[programme.pk]))
    assert "провели 1 из 2 пар" in page.content.decode()


# --- The interim feedback's promise: one figure per pair, never one person's score ----------


def _curator_pages(client, programme, pairing) -> str:
    """Every page of the curator's that shows interim scores, and the overview's workbook."""
    from io import BytesIO

    from openpyxl import load_workbook

    texts = [
        client.get(reverse(name, args=[programme.pk])).content.decode()
        for name in ("pairing:feedback", "pairing:overview")
    ]
    texts.append(client.get(reverse("pairing:pair", args=[pairing.pk])).content.decode())
    book = load_workbook(
        BytesIO(client.get(reverse("pairing:overview_xlsx", args=[programme.pk])).content)
    )
    texts.append(" ".join(str(c.value) for row in book.active.iter_rows() for c in row))
    return "\n".join(texts)


def _close(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=dt.datetime(2024, 10, 15, tzinfo=dt.UTC)
    )


@pytest.mark.parametrize("closed", [True, False])
def test_the_curator_never_sees_the_score_of_a_single_respondent(
    programme, pairs, curator_client, closed
):
    single, _group = pairs
    services.feedback_schedule_save(programme=programme, dates=[dt.date(2024, 10, 1)])
    services.feedback_send_due(today=dt.date(2024, 10, 1))
    _answer(_interim(programme).get(staff=mentee_of(single)), progress=2, comfort=1)
    if closed:  # the mentor's link ran out without an answer: the round is over
        _close(_interim(programme).get(staff=single.mentor.staff))

    page = curator_client.get(reverse("pairing:feedback", args=[programme.pk]))

    latest = {row.pairing.pk: row for row in page.context["rows"]}[single.pk].feedback.latest
    assert latest.progress is None and latest.comfort is None
    text = _curator_pages(curator_client, programme, single)
    assert "· 2 / 1" not in text and "продвижение 2" not in text and "комфорт 1" not in text
    assert "низкие оценки" not in text
    assert "оценки скрыты: ответ один" in text


def test_a_late_answer_cannot_be_read_off_the_change_of_the_figure(
    programme, pairs, curator_client
):
    _single, group = pairs
    services.feedback_schedule_save(programme=programme, dates=[dt.date(2024, 10, 1)])
    services.feedback_send_due(today=dt.date(2024, 10, 1))
    mentor, first, second = [group.mentor.staff, *[m.mentee.staff for m in group.members.all()]]
    _answer(_interim(programme).get(staff=mentor), progress=8, comfort=8)
    _answer(_interim(programme).get(staff=first), progress=6, comfort=6)

    page = curator_client.get(reverse("pairing:feedback", args=[programme.pk]))

    latest = {row.pairing.pk: row for row in page.context["rows"]}[group.pk].feedback.latest
    assert latest.progress is None  # the third may still answer: no figure yet
    assert "оценки покажем после закрытия сбора" in page.content.decode()
    _answer(_interim(programme).get(staff=second), progress=1, comfort=1)
    page = curator_client.get(reverse("pairing:feedback", args=[programme.pk]))
    latest = {row.pairing.pk: row for row in page.context["rows"]}[group.pk].feedback.latest
    assert latest.progress == 5 and latest.comfort == 5
    assert latest.answered and not latest.waiting


def test_the_interim_questionnaire_and_the_consent_say_what_the_curator_sees(programme, org):
    from surveys.consent_texts import processing_text

    intro = programme.questionnaires.get(kind=QuestionnaireKind.INTERIM_FEEDBACK).description
    _title, consent = processing_text(org)

    for text in (intro, consent):
        flat = " ".join(text.split())
        assert "одной общей" in flat and "не меньше двух участников пары" in flat
        assert "чья какая оценка" in flat.lower()


def test_existing_interim_questionnaires_get_the_new_intro(programme):
    import importlib

    from django.apps import apps as django_apps

    questionnaire = programme.questionnaires.get(kind=QuestionnaireKind.INTERIM_FEEDBACK)
    migration = importlib.import_module("surveys.migrations.0010_promises_interim_feedback_intro")
    type(questionnaire).objects.filter(pk=questionnaire.pk).update(description=migration.OLD)

    migration.forward(django_apps, None)

    questionnaire.refresh_from_db()
    assert questionnaire.description == migration.NEW
