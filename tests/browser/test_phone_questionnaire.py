"""A teacher on a phone: opens her personal link, gives consent, starts the questionnaire, saves
a draft, reloads, and finds her answer still there; then a made-up link shows the clear page."""

import datetime as dt

import pytest
from django.utils import timezone

from surveys.models import Response
from surveys.services import invitations
from surveys.tests.conftest import questionnaire_of
from tests.browser.conftest import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_fills_in_from_a_phone_and_the_draft_survives_a_reload(
    live_server, phone, programme, teacher, curator
):
    page = phone
    questionnaire = questionnaire_of(programme, "mentee_intake")
    created, _ = invitations.invitations_create(
        questionnaire=questionnaire,
        staff=[teacher.staff_member],
        by=curator,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    token = invitations.invitation_token(created[0])
    page.goto(f"{live_server.url}/q/{token}/")
    assert "Согласие" in page.content()
    submit(page, lambda: page.get_by_role("button", name="Даю согласие").click())
    assert "Без согласия анкету заполнить нельзя." in page.content()
    page.get_by_label("Текст прочитан", exact=False).check()
    submit(page, lambda: page.get_by_role("button", name="Даю согласие").click())
    assert "Раздел 1 из" in page.content()
    page.locator("input[type=number]").first.fill("2")
    submit(page, lambda: page.get_by_role("button", name="Сохранить и продолжить позже").click())
    assert "Черновик сохранён" in page.content()
    page.reload()
    assert page.locator("input[type=number]").first.input_value() == "2"
    assert Response.objects.get().status == "draft"
    submit(page, lambda: page.get_by_role("button", name="Далее").click())
    assert "Ответьте на этот вопрос." in page.content()  # the category left empty
    assert page.locator("input[type=number]").first.input_value() == "2"

    page.goto(f"{live_server.url}/q/not-a-real-token/")
    assert "Ссылка не действует" in page.content()
