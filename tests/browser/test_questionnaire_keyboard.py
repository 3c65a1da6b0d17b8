"""The questionnaire with a keyboard, a screen reader's needs and JavaScript off (issue #14):
Enter always moves forward, a failed step puts the focus on the error summary, the buttons
never cover the field being typed in, and a teacher gets through without JavaScript."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.models import Response, ResponseStatus
from surveys.services import invitations
from surveys.tests.conftest import give_consent, questionnaire_of
from tests.browser.conftest import PHONE, new_page, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "пароль-для-тестов-1"  # tests.factories.UserFactory
# Fields where Enter sends the form (implicit submission); not selects or text areas.
ENTER_SENDS = (
    "form input:is([type=text],[type=number],[type=date],[type=email],[type=search],"
    "[type=radio],[type=checkbox]):visible"
)


@pytest.fixture
def link(programme, teacher, curator):
    """link(kind) → the path of bob's personal link to that questionnaire (consent given)."""
    give_consent(teacher.staff_member)

    def make(kind):
        created, _ = invitations.invitations_create(
            questionnaire=questionnaire_of(programme, kind),
            staff=[teacher.staff_member],
            by=curator,
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
        return reverse("surveys:fill", args=[invitations.invitation_token(created[0])])

    return make


def _section(page) -> int:
    found = re.search(r"Раздел (\d+) из", page.inner_text("main"))
    return int(found.group(1)) if found else 0


def _answer_required(page) -> None:
    """Answers every required question of the section shown, as a person would."""
    for field in page.locator("input[type=number]:visible").all():
        field.fill("2")
    for field in page.locator("input[type=text][required]:visible").all():
        field.fill("по вторникам")
    for field in page.locator("textarea[required]:visible").all():
        field.fill("—")
    names = page.eval_on_selector_all(
        "input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )
    for name in names:
        page.locator(f"input[type=radio][name='{name}']").first.check()
    for group in page.locator("fieldset.question").all():
        boxes = group.locator("input[type=checkbox]")
        if boxes.count() and not group.locator("select").count():
            boxes.first.check()
        selects = group.locator("select")
        if selects.count():
            selects.first.select_option(index=1)
    for select in page.locator("select[required]:visible").all():
        if select.locator("option").count() > 1:
            select.select_option(index=1)


@pytest.mark.parametrize("kind", ["mentee_intake", "mentor_intake"])
def test_enter_in_any_section_moves_forward(live_server, browser, link, kind):
    page = new_page(browser, **PHONE)
    page.goto(live_server.url + link(kind))
    count = int(re.search(r"Раздел 1 из (\d+)", page.inner_text("main")).group(1))
    for index in range(1, count + 1):
        assert _section(page) == index
        _answer_required(page)
        fields = page.locator(ENTER_SENDS)
        if not fields.count():
            # Nothing here sends on Enter (only lists and text areas): move on by the button.
            submit(page, lambda: page.get_by_role("button", name="Далее").click())
            continue
        field = fields.last  # the last field: nearest to «Назад» and «Сохранить» in the page
        field.focus()
        submit(page, lambda f=field: f.press("Enter"))
        assert "Черновик сохранён" not in page.inner_text("main")
        assert page.locator("[data-error-summary]").count() == 0, page.inner_text("main")
    assert "Спасибо" in page.inner_text("main")
    assert Response.objects.get().status == ResponseStatus.SUBMITTED


def test_enter_with_an_unanswered_question_stays_and_says_why(live_server, browser, link):
    page = new_page(browser, **PHONE)
    page.goto(live_server.url + link("mentee_intake"))
    field = page.locator("input[type=number]").first
    field.focus()
    submit(page, lambda: field.press("Enter"))
    assert _section(page) == 1
    assert "Черновик сохранён" not in page.inner_text("main")
    assert page.title().startswith("Ошибка:")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_after_a_failed_step_the_error_summary_has_the_focus(
    live_server, browser, link, javascript
):
    page = new_page(browser, java_script_enabled=javascript, **PHONE)
    page.goto(live_server.url + link("mentee_intake") + "?section=2")
    submit(page, lambda: page.get_by_role("button", name="Далее").click())

    summary = page.locator("[data-error-summary]")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.title().startswith("Ошибка:")
    # The competency question's message is at the question too, and tied to its group.
    group = page.locator("fieldset.question.is-invalid")
    message = page.locator(f"#{group.get_attribute('aria-describedby').split()[-1]}")
    assert "Ответьте на вопрос" in message.inner_text()
    # The summary's link leads to the question's first field.
    target = summary.get_by_role("link").first.get_attribute("href")
    assert group.locator(target).count() == 1


def test_a_wrong_password_is_announced_and_marks_the_fields(live_server, browser, teacher):
    page = new_page(browser, **PHONE)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Имя пользователя").fill("bob")
    page.get_by_label("Пароль").fill("не тот")
    submit(page, lambda: page.get_by_role("button", name="Войти").click())

    assert page.title().startswith("Ошибка:")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    for label in ("Имя пользователя", "Пароль"):
        field = page.get_by_label(label)
        assert field.get_attribute("aria-invalid") == "true"
        assert field.get_attribute("aria-describedby") == "login-error"


def test_a_curator_form_with_errors_gets_the_summary_too(live_server, browser, curator):
    page = new_page(browser, viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{reverse('login')}?next={reverse('programme:staff_create')}")
    page.get_by_label("Имя пользователя").fill("alice")
    page.get_by_label("Пароль").fill(PASSWORD)
    submit(page, lambda: page.get_by_role("button", name="Войти").click())
    submit(page, lambda: page.get_by_role("button", name="Сохранить").click())

    assert page.title().startswith("Ошибка:")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    first = page.locator("[data-error-summary] a").first
    first.click()
    assert page.evaluate("document.activeElement.id") == first.get_attribute("href")[1:]


def test_the_buttons_never_cover_the_field_in_focus(live_server, browser, link):
    path = link("mentee_intake") + "?section=2"
    # On a phone the bar is part of the page, not stuck over it.
    phone = new_page(browser, **PHONE)
    phone.goto(live_server.url + path)
    assert phone.locator(".form-actions").evaluate("el => getComputedStyle(el).position") == (
        "static"
    )
    # On a laptop it stays in view at the bottom; a field reached by Tab is scrolled above it.
    # Without Bootstrap's smooth scrolling, so that positions are read when the page is still.
    laptop = new_page(browser, viewport={"width": 1280, "height": 640}, reduced_motion="reduce")
    laptop.goto(live_server.url + path)
    bar = laptop.locator(".form-actions")
    assert bar.evaluate("el => getComputedStyle(el).position") == "sticky"
    checked = 0
    for _ in range(40):
        laptop.keyboard.press("Tab")
        inside = laptop.evaluate(
            "() => { const el = document.activeElement;"
            " return !!el.closest('fieldset.question, textarea') || el.tagName === 'TEXTAREA'; }"
        )
        if not inside:
            continue
        # After the page has moved (two frames: the browser's scroll, then the page's).
        laptop.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        field_bottom = laptop.evaluate("document.activeElement.getBoundingClientRect().bottom")
        bar_top = bar.evaluate("el => el.getBoundingClientRect().top")
        assert field_bottom <= bar_top + 0.5, (field_bottom, bar_top)
        checked += 1
    assert checked >= 10


def test_without_javascript_a_teacher_finds_her_page_and_answers_by_her_link(
    live_server, browser, link, teacher
):
    path = link("mentee_intake")
    page = new_page(browser, java_script_enabled=False, **PHONE)
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Имя пользователя").fill("bob")
    page.get_by_label("Пароль").fill(PASSWORD)
    submit(page, lambda: page.get_by_role("button", name="Войти").click())

    # The menu of a phone is a <details>: it opens without any script.
    menu_link = page.get_by_role("link", name="Моя страница")
    assert not menu_link.is_visible()
    page.get_by_text("Меню", exact=True).click()
    submit(page, lambda: menu_link.click())
    assert page.url.endswith(reverse("programme:my_page"))
    assert page.get_by_role("heading", level=1).inner_text() == teacher.get_full_name()

    page.goto(live_server.url + path)
    while "Отправить ответы" not in page.locator(".form-actions").inner_text():
        _answer_required(page)
        submit(page, lambda: page.get_by_role("button", name="Далее").click())
        assert page.locator("[data-error-summary]").count() == 0
    _answer_required(page)
    submit(page, lambda: page.get_by_role("button", name="Отправить ответы").click())
    assert "Спасибо" in page.inner_text("main")
    assert Response.objects.get().status == ResponseStatus.SUBMITTED
