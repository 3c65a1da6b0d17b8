"""Withdrawal reaches every copy of her answers (issue 22 §3): the text of her requests,
copied into her plan's header, the mentor's comments, the board's reasons and the trail, is
found nowhere after she withdraws; the plan keeps its structure and the report lists the
copies."""

import pytest
from django.apps import apps
from django.db import models
from django.db.models.functions import Cast

from pairing.models import BoardRun, Membership, Plan, PlanStatus
from pairing.services import plans as plan_services
from programme.models import MenteeRequest
from programme.models.personal_data import ERASED_TEXT
from surveys.models import ConsentChannel, ConsentKind
from surveys.services import consents
from tests.factories_pair_work import confirmed_pairing, mentee_of, plan_with_rows, register

# ASCII: SQLite keeps JSON with non-ASCII characters escaped, and the scan reads the raw text.
MARKER = "ZQX-boitsya-roditelskih-sobraniy"


def text_columns_holding(marker: str) -> dict[str, int]:
    """Every character, text and JSON column of every model: rows whose text holds `marker`."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            rows = model._default_manager.annotate(_text=Cast(field.name, models.TextField()))
            count = rows.filter(_text__contains=marker).count()
            if count:
                found[f"{model._meta.label}.{field.name}"] = count
    return found


@pytest.fixture
def her_copies(programme, curator):
    """Her request note («what is hard») copied into her approved plan, a mentor's comment,
    the board's reason and an earlier run's «без пары»."""
    pairing = confirmed_pairing(programme, "Петрова", "Королёва")
    register(programme, curator)
    pairing.refresh_from_db()
    her = mentee_of(pairing)
    MenteeRequest.objects.filter(mentee__staff=her).update(note=f"{MARKER} (из анкеты)")
    membership = Membership.objects.get(pairing=pairing)
    membership.reason = f"Наставник ведёт то, что она просила: {MARKER}"
    membership.score_parts = {"requests": 0.8, "note": MARKER}
    membership.save()
    plan = plan_with_rows(pairing, rows=2)
    plan_services.plan_update(
        plan=plan, deficits=plan.deficits, goal=f"Снять трудность: {MARKER}", tasks="Задачи"
    )
    # The mentor's comment: the trail files it under her, not under the mentee.
    plan_services.plan_comment(
        plan=plan, by=None, author=pairing.mentor.staff, text=f"Учтём: {MARKER}"
    )
    plan_services.plan_submit(plan=plan)
    plan_services.plan_approve(plan=plan, by=curator)
    BoardRun.objects.create(
        programme=programme,
        mode="optimal",
        preset="balanced",
        unmatched=[
            {"mentee": membership.mentee_id, "reason": f"нет наставника по запросу {MARKER}"},
            {"mentee": membership.mentee_id + 1000, "reason": "другая"},
        ],
    )
    plan.refresh_from_db()
    return her, plan


def test_withdrawal_leaves_no_copy_of_her_answers_anywhere(her_copies):
    her, plan = her_copies
    assert MARKER in plan.deficits  # prefilled from her request, word for word
    before = text_columns_holding(MARKER)
    assert {"pairing.Plan.deficits", "pairing.PlanComment.text", "pairing.BoardRun.unmatched"} <= (
        set(before)
    )
    assert "programme.AuditEntry.changes" in before
    consents.consent_withdraw(staff=her, kind=ConsentKind.PROCESSING, channel=ConsentChannel.PAPER)
    assert text_columns_holding(MARKER) == {}


def test_her_plan_keeps_its_structure_with_the_erasure_note(her_copies):
    her, plan = her_copies
    activities = plan.activities.count()
    consents.consent_withdraw(staff=her, kind=ConsentKind.PROCESSING, channel="online")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.deficits == ERASED_TEXT and plan.goal == ERASED_TEXT
    assert plan.activities.count() == activities
    assert plan.comments.get().text == ERASED_TEXT
    membership = plan.membership
    membership.refresh_from_db()
    assert membership.reason == ERASED_TEXT and membership.score_parts == {}
    run = BoardRun.objects.get()
    assert run.unmatched[0]["reason"] == ERASED_TEXT
    assert run.unmatched[1]["reason"] == "другая"  # someone else's entry stays


def test_withdrawal_report_lists_the_copies(her_copies):
    her, _plan = her_copies
    consent = consents.consent_withdraw(staff=her, kind=ConsentKind.PROCESSING, channel="online")
    removed = dict(consent.withdrawal_report["removed"])
    copies = {label: n for label, n in removed.items() if label.startswith("копии её ответов")}
    assert any("профессиональные дефициты" in label for label in copies)
    assert any("комментарии" in label for label in copies)
    assert any("без пары" in label for label in copies)
    assert any("обоснование подбора" in label for label in copies)


def test_another_mentees_plan_is_untouched(programme, curator, her_copies):
    her, _plan = her_copies
    other = confirmed_pairing(programme, "Сидорова", "Лебедева")
    register(programme, curator, number="46-о")
    other.refresh_from_db()
    other_plan = plan_with_rows(other, rows=1)
    plan_services.plan_update(plan=other_plan, deficits="Своё", goal="Своя цель", tasks="")
    consents.consent_withdraw(staff=her, kind=ConsentKind.PROCESSING, channel="online")
    other_plan = Plan.objects.get(pk=other_plan.pk)
    assert (other_plan.deficits, other_plan.goal) == ("Своё", "Своя цель")
