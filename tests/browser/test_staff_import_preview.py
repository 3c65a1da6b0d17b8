"""The staff import's preview in a real browser (issue #16): her own list is uploaded, the curator
answers the question about a post, corrects a column with its select, checks again and loads.
The preview page — mapping, questions, errors, changes — has no serious accessibility problem
and runs under the Content-Security-Policy (no inline script or style; see conftest)."""

import re

import pytest
from django.urls import reverse

from programme.models import StaffMember
from programme.tests import staff_import_files as files
from tests.browser.conftest import SERIOUS, axe_problems, new_page, submit
from tests.browser.test_accessibility import markup_problems
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _upload(page, content: bytes, name: str) -> None:
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": content}
    )
    submit(page, lambda: page.get_by_role("button", name="Проверить файл").click())


def _serious(page) -> list[str]:
    problems = axe_problems(page) + markup_problems(page)
    return [line for impact, line in problems if impact in SERIOUS]


def test_curator_answers_a_question_corrects_a_column_and_loads_her_list(live_server, browser):
    organisation = OrganisationFactory()
    user = UserFactory(username="kurator", organisation=organisation, role="curator")
    user.set_password("nastavnik2024")
    user.save()
    rows = [
        ["Лисицына Инна Олеговна", "педагог-организатор", "4", "высшая"],
        ["Быкова Ада Львовна", "воспитатель", "1", "первая"],
        ["Гордеева Ева Марковна", "Повар", "", ""],
    ]
    content = files.handmade_table_xlsx(
        rows=rows, header=["ФИО", "Должность", "Пед. стаж", "Кв. кат."]
    )
    page = new_page(browser, viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Имя пользователя").fill("kurator")
    page.get_by_label("Пароль").fill("nastavnik2024")
    submit(page, lambda: page.get_by_role("button", name="Войти").click())
    page.goto(f"{live_server.url}{reverse('programme:staff_import')}")

    _upload(page, content, "педагоги.xlsx")

    main = page.inner_text("main")
    assert "Это педагоги?" in main and "не распознан" in main
    assert "повар — 1" in main.replace("\xa0", " ")
    assert page.get_by_role("button", name=re.compile("^Загрузить")).count() == 0
    assert _serious(page) == []

    page.get_by_label("Педагог ли «педагог-организатор»").select_option("pdo")
    page.get_by_label("Что в столбце «Кв. кат.»").select_option("category")
    submit(page, lambda: page.get_by_role("button", name="Проверить снова").click())
    assert "Ошибок нет" in page.inner_text("main")
    assert _serious(page) == []
    submit(page, lambda: page.get_by_role("button", name=re.compile("^Загрузить:")).click())

    assert "Загружено: новых 2" in page.inner_text("main").replace("\xa0", " ")
    inna = StaffMember.objects.get(organisation=organisation, last_name="Лисицына")
    assert (inna.position, inna.category) == ("pdo", "highest")
    assert not StaffMember.objects.filter(last_name="Гордеева").exists()
