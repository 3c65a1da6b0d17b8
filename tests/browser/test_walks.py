"""Two whole walks through the product in a real browser, as the people who use it would go
(issue #11, item 8): a teacher on a phone from her personal link through consent, a draft, a
reload and the submit; a curator on a laptop from the login through the dashboard, a staff
import with an error and its fix, sending a questionnaire, reading its results and printing
the roadmap. Any Content-Security-Policy refusal on the way fails the walk (conftest)."""

import re

import pytest
from django.urls import reverse

from programme.models import StaffMember
from programme.tests import staff_import_files as files
from surveys.models import Invitation, Response, ResponseStatus
from tests.browser.conftest import PHONE, new_page, submit
from tests.browser.test_accessibility import DEMO_PASSWORD, Demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _main(page) -> str:
    return page.inner_text("main").replace("\xa0", " ")


def test_a_teacher_answers_from_her_phone_by_her_personal_link(live_server, browser):
    demo = Demo()
    token = demo.token("mentee_intake", "Гусева")  # no consent yet
    page = new_page(browser, **PHONE)

    page.goto(f"{live_server.url}{reverse('surveys:fill', args=[token])}")
    assert page.url.endswith(reverse("surveys:fill_consent", args=[token]))
    text = page.get_by_role("region", name=re.compile("Текст согласия"))
    text.focus()  # the text box scrolls with the keyboard
    page.keyboard.press("PageDown")
    page.get_by_label("Текст прочитан", exact=False).check()
    submit(page, lambda: page.get_by_role("button", name="Даю согласие").tap())

    assert "Раздел 1 из 3" in _main(page)
    page.get_by_label(re.compile("стаж", re.I)).first.fill("2")
    page.locator("fieldset.question input[type=radio]").first.check()
    submit(page, lambda: page.get_by_role("button", name="Сохранить и продолжить позже").tap())
    assert "Черновик сохранён" in _main(page)

    page.reload()
    assert page.get_by_label(re.compile("стаж", re.I)).first.input_value() == "2"
    assert page.locator("fieldset.question input[type=radio]").first.is_checked()
    assert Response.objects.get(invitation__staff__last_name="Гусева").status == "draft"

    submit(page, lambda: page.get_by_role("button", name="Далее").tap())
    assert "Раздел 2 из 3" in _main(page)
    page.locator("fieldset.question select").first.select_option(label="высокий")
    page.locator("textarea").first.fill("Трудно планировать занятия и говорить с родителями.")
    submit(page, lambda: page.get_by_role("button", name="Далее").tap())

    assert "Раздел 3 из 3" in _main(page)
    page.locator("fieldset.question input[type=radio]").first.check()
    submit(page, lambda: page.get_by_role("button", name="Отправить ответы").tap())

    assert "Спасибо" in _main(page)
    response = Response.objects.get(invitation__staff__last_name="Гусева")
    assert response.status == ResponseStatus.SUBMITTED
    # Nothing on the way was wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _upload(page, content: bytes, name: str) -> None:
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": content}
    )
    submit(page, lambda: page.get_by_role("button", name="Проверить файл").click())


def test_a_curators_day_from_the_login_to_the_printed_roadmap(live_server, browser):
    demo = Demo()
    programme = demo.programme
    page = new_page(browser, viewport={"width": 1280, "height": 900})

    # Login, and the dashboard of this year's programme.
    page.goto(live_server.url + "/")
    page.get_by_label("Имя пользователя").fill("curator")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    submit(page, lambda: page.get_by_role("button", name="Войти").click())
    assert page.url.endswith(reverse("programme:dashboard", args=[programme.pk]))
    assert page.get_by_role("heading", level=1).inner_text() == programme.title

    # Staff import: a file with an unreadable experience is refused row by row; the fixed file
    # goes in.
    submit(page, lambda: page.get_by_role("link", name="Педагоги", exact=True).click())
    submit(page, lambda: page.get_by_role("link", name="Загрузить из файла").click())
    _upload(page, files.municipal_csv(3, bad_row=2), "spisok.csv")
    errors = page.get_by_role("region", name=re.compile("Ошибки"))
    assert "много" in errors.inner_text() or "стаж" in errors.inner_text().lower()
    assert "ничего не будет загружено" in _main(page)
    assert not StaffMember.objects.filter(last_name__startswith="Педагогова").exists()
    _upload(page, files.municipal_csv(3), "spisok.csv")
    assert "Ошибок нет" in _main(page)
    submit(page, lambda: page.get_by_role("button", name=re.compile("^Загрузить:")).click())
    assert "Загружено: новых 3" in _main(page)
    assert StaffMember.objects.filter(last_name__startswith="Педагогова").count() == 3

    # Sending a questionnaire to one of the new teachers.
    submit(page, lambda: page.get_by_role("link", name=f"Программа {programme.year}").click())
    submit(page, lambda: page.get_by_role("link", name="Анкеты", exact=True).click())
    row = page.get_by_role("row", name=re.compile("Анкета наставляемого"))
    submit(page, lambda: row.get_by_role("link", name="Приглашения").click())
    newcomer = StaffMember.objects.get(last_name="Педагогова1")
    page.get_by_label(newcomer.full_name, exact=False).check()
    submit(page, lambda: page.get_by_role("button", name="Создать приглашения").click())
    assert "Создано приглашений: 1" in _main(page)
    assert Invitation.objects.filter(staff=newcomer, questionnaire__kind="mentee_intake").exists()

    # Reading the results: figures in words and in a table, not only in a picture.
    submit(page, lambda: page.get_by_role("link", name="Анкеты").first.click())
    row = page.get_by_role("row", name=re.compile("Анкета наставляемого"))
    submit(page, lambda: row.get_by_role("link", name="Результаты").click())
    assert page.get_by_role("heading", level=1).inner_text().endswith("результаты")
    assert "Ответили" in _main(page)
    table = page.get_by_role("table", name=re.compile(".")).first
    assert table.locator("tbody tr").count() >= 1

    # Printing the roadmap: the plan as a PDF from the dashboard.
    submit(page, lambda: page.get_by_role("link", name=f"Программа {programme.year}").click())
    plan = page.get_by_role("link", name="План (PDF)")
    answer = page.request.get(live_server.url + plan.get_attribute("href"))
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body()[:5] == b"%PDF-"
    # The browser opens it in its own PDF viewer (a refusal by the policy would fail the test).
    with page.expect_response(lambda r: r.url.endswith("roadmap.pdf")):
        plan.click()
    page.wait_for_timeout(1500)
