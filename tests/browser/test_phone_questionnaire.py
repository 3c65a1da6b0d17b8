"""A teacher on a phone: opens her personal link, gives consent, starts the questionnaire, saves
a draft, reloads, and finds her answer still there; then a made-up link shows the clear page."""

import datetime as dt
import os
import shutil

import pytest
from django.conf import settings
from django.utils import timezone

from surveys.models import Response
from surveys.services import invitations
from surveys.tests.conftest import questionnaire_of

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="system Chromium is not installed"),
    # The page is the same on either database; on PostgreSQL the live server's request threads
    # leave a session open that blocks dropping the test database, so it runs on SQLite only.
    pytest.mark.skipif(
        "sqlite" not in settings.DATABASES["default"]["ENGINE"],
        reason="browser tests run on the SQLite pass of CI",
    ),
]


@pytest.fixture
def page():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, locale="ru-RU"
        )
        yield context.new_page()
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_teacher_fills_in_from_a_phone_and_the_draft_survives_a_reload(
    live_server, page, programme, teacher, curator
):
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
    page.get_by_role("button", name="Даю согласие").click()
    page.wait_for_load_state()
    assert "Без согласия анкету заполнить нельзя." in page.content()
    page.get_by_label("Я прочитал(а) текст", exact=False).check()
    page.get_by_role("button", name="Даю согласие").click()
    page.wait_for_load_state()
    assert "Раздел 1 из" in page.content()
    page.locator("input[type=number]").first.fill("2")
    page.get_by_role("button", name="Сохранить и продолжить позже").click()
    page.wait_for_load_state()
    assert "Черновик сохранён" in page.content()
    page.reload()
    assert page.locator("input[type=number]").first.input_value() == "2"
    assert Response.objects.get().status == "draft"
    page.get_by_role("button", name="Далее").click()
    page.wait_for_load_state()
    assert "Ответьте на этот вопрос." in page.content()  # the category left empty
    assert page.locator("input[type=number]").first.input_value() == "2"

    page.goto(f"{live_server.url}/q/not-a-real-token/")
    assert "Ссылка не действует" in page.content()
