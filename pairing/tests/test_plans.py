"""The individual development plan: drafted by the mentor from the mentee's requests, commented
by the mentee, approved by the curator, changed only through a new version, printed."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pairing.models import Plan, PlanStatus
from pairing.selectors.plans import plans_of
from pairing.services import plans as services
from programme.exceptions import DomainError
from tests.factories import CompetencyFactory
from tests.factories_pair_work import active_pairs, login, mentee_of, plan_with_rows
from tests.files import pdf_bytes

from .test_orders import pdf_text, squeezed


@pytest.fixture
def pairing(programme, curator):
    CompetencyFactory(organisation=programme.organisation, name="Работа с родителями")
    return active_pairs(programme, curator, 1)[0]


def test_the_draft_takes_the_mentees_deficits_from_her_requests(pairing):
    plan = services.plan_create(membership=pairing.members.get(), by=None)

    assert plan.status == PlanStatus.DRAFT and plan.number == 1
    assert "Работа с родителями (приоритет: высокий)" in plan.deficits


def test_an_approved_plan_cannot_be_edited_in_place(pairing, curator):
    plan = plan_with_rows(pairing, 2, approve_by=curator)
    row = plan.activities.first()

    with pytest.raises(DomainError, match="Утверждённый план не меняется"):
        services.plan_update(plan=plan, deficits="другое", goal="другая", tasks="другие")
    with pytest.raises(DomainError, match="Утверждённый план не меняется"):
        services.plan_activity_save(
            plan=plan,
            activity=row,
            content="подменили",
            kind="contest",
            starts_on=None,
            due_on=None,
            responsible="mentor",
        )
    with pytest.raises(DomainError, match="Утверждённый план не меняется"):
        services.plan_activity_delete(activity=row)

    plan.refresh_from_db()
    row.refresh_from_db()
    assert plan.goal == "Цель" and row.content.startswith("Мероприятие 1")
    assert plan.activities.count() == 2


def test_the_mentors_page_refuses_to_edit_an_approved_plan(pairing, curator):
    plan = plan_with_rows(pairing, 1, approve_by=curator)
    client = login(pairing.mentor.staff)

    page = client.post(
        reverse("pairing:plan_edit", args=[plan.pk]), {"deficits": "", "goal": "x", "tasks": ""}
    )

    assert "Утверждённый план не меняется" in page.content.decode()
    plan.refresh_from_db()
    assert plan.goal == "Цель"


def test_a_new_version_keeps_the_approved_one_as_it_was(pairing, curator):
    first = plan_with_rows(pairing, 2, approve_by=curator)

    second = services.plan_new_version(plan=first, by=None)
    services.plan_update(plan=second, deficits=second.deficits, goal="Новая цель", tasks="T")
    services.plan_activity_save(
        plan=second,
        content="Открытый показ",
        kind="open_lesson",
        starts_on=None,
        due_on=dt.date(2024, 12, 20),
        responsible="mentee",
    )
    # Done on the version in force while the new one is drafted: the mark follows.
    services.plan_activity_mark(
        activity=first.activities.order_by("position").first(),
        done_on=dt.date(2024, 10, 20),
        today=dt.date(2024, 10, 21),
    )
    services.plan_submit(plan=second)
    services.plan_approve(plan=second, by=curator)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED and first.superseded_at is not None
    assert first.goal == "Цель" and first.activities.count() == 2
    assert second.status == PlanStatus.APPROVED and second.number == 2
    assert second.goal == "Новая цель" and second.activities.count() == 3
    assert second.activities.order_by("position").first().done_on == dt.date(2024, 10, 20)
    assert Plan.objects.filter(membership=first.membership).count() == 2


def test_a_second_new_version_at_once_is_refused(pairing, curator):
    first = plan_with_rows(pairing, 1, approve_by=curator)
    services.plan_new_version(plan=first, by=None)

    with pytest.raises(DomainError, match="Новая версия уже создана"):
        services.plan_new_version(plan=first, by=None)


def test_the_mentee_comments_the_curator_approves_and_nobody_else_does(pairing, curator_client):
    plan = plan_with_rows(pairing, 1)
    services.plan_submit(plan=plan)
    mentee = login(mentee_of(pairing))
    mentor = login(pairing.mentor.staff)

    mentee.post(reverse("pairing:plan_comment", args=[plan.pk]), {"text": "Добавьте мастер-класс"})
    assert mentee.post(reverse("pairing:plan_approve", args=[plan.pk])).status_code == 403
    assert mentor.post(reverse("pairing:plan_approve", args=[plan.pk])).status_code == 403
    assert (
        mentee.post(
            reverse("pairing:plan_edit", args=[plan.pk]), {"goal": "x", "deficits": "", "tasks": ""}
        ).status_code
        == 403
    )
    curator_client.post(reverse("pairing:plan_approve", args=[plan.pk]))

    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    comment = plan.comments.get()
    assert comment.text == "Добавьте мастер-класс"
    assert comment.author_name == mentee_of(pairing).short_name


def test_the_curator_returns_a_plan_with_a_remark(pairing, curator, curator_client):
    plan = plan_with_rows(pairing, 1)
    services.plan_submit(plan=plan)

    curator_client.post(reverse("pairing:plan_return", args=[plan.pk]), {"text": "Уточните сроки"})

    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.comments.get().text == "Уточните сроки"


def test_evidence_goes_through_the_same_upload_checks_and_links_must_be_web_links(pairing):
    plan = plan_with_rows(pairing, 1)
    row = plan.activities.get()

    with pytest.raises(DomainError, match="не соответствует расширению"):
        services.plan_activity_mark(
            activity=row,
            done_on=dt.date(2024, 10, 1),
            evidence_file=SimpleUploadedFile("отчёт.pdf", b"MZ\x90\x00 not a pdf"),
            today=dt.date(2024, 10, 2),
        )
    with pytest.raises(DomainError, match="http"):
        services.plan_activity_mark(activity=row, done_on=None, evidence_url="javascript:alert(1)")
    with pytest.raises(DomainError, match="в будущем"):
        services.plan_activity_mark(
            activity=row, done_on=dt.date(2024, 10, 3), today=dt.date(2024, 10, 2)
        )

    services.plan_activity_mark(
        activity=row,
        done_on=dt.date(2024, 10, 1),
        evidence_file=SimpleUploadedFile("отчёт.pdf", pdf_bytes()),
        evidence_url="https://ds30.example.ru/otkrytyj-pokaz",
        today=dt.date(2024, 10, 2),
    )
    row.refresh_from_db()
    assert row.evidence_name == "отчёт.pdf" and "отчёт" not in row.evidence_file.name


def test_a_plan_missing_after_the_orders_deadline_is_overdue(pairing, curator):
    membership = pairing.members.get()
    # The order fixed the pair with plans due by 01.10.2024.
    assert pairing.fixed_by.plans_due_on == dt.date(2024, 10, 1)
    pairing = type(pairing).objects.prefetch_related("members").get(pk=pairing.pk)

    before = plans_of([pairing], dt.date(2024, 9, 30))[pairing.pk][0]
    after = plans_of([pairing], dt.date(2024, 10, 2))[pairing.pk][0]

    assert before.membership == membership
    assert not before.overdue and after.overdue
    plan_with_rows(pairing, 1, approve_by=curator)
    assert not plans_of([pairing], dt.date(2024, 10, 2))[pairing.pk][0].overdue


def test_the_plan_pdf_holds_both_names_the_deficits_and_every_row(pairing, curator, curator_client):
    plan = plan_with_rows(pairing, 3, approve_by=curator)
    services.plan_activity_mark(
        activity=plan.activities.order_by("position").first(),
        done_on=dt.date(2024, 10, 20),
        today=dt.date(2024, 10, 21),
    )

    answer = curator_client.get(reverse("pairing:plan_pdf", args=[plan.pk]))

    assert answer["Content-Type"] == "application/pdf"
    text = squeezed(pdf_text(answer.content))
    assert squeezed("Индивидуальный план развития под руководством наставника") in text
    assert squeezed(pairing.mentor.staff.full_name) in text
    assert squeezed(mentee_of(pairing).full_name) in text
    assert squeezed("Работа с родителями") in text
    for number in (1, 2, 3):
        assert squeezed(f"Мероприятие {number}: консультация по планированию") in text
    assert squeezed("выполнено 20.10.2024") in text
    assert squeezed("с 01.10.2024 по 31.10.2024") in text
    for role in ("Наставник", "Наставляемый", "Куратор"):
        assert role in text
