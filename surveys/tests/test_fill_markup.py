"""What a screen reader gets from the questionnaire's markup (issue #14): required questions
marked from the first look, each question with several inputs a named group, errors in a
summary that links to them and at each question, tied by aria-describedby; no id twice on the
consent register."""

import re
from collections import Counter

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _ids(html: str) -> Counter:
    return Counter(re.findall(r'\sid="([^"]+)"', html))


@pytest.fixture
def section_path(mentee_intake, bob, invite, consent):
    consent(bob)
    _invitation, token = invite(mentee_intake, bob)
    return lambda number: reverse("surveys:fill", args=[token]) + f"?section={number}"


def test_required_questions_are_marked_before_any_error(client, section_path):
    html = client.get(section_path(1)).content.decode()

    assert "Вопросы, отмеченные звёздочкой" in html
    number = re.search(r'<input[^>]*type="number"[^>]*>', html).group(0)
    assert "required" in number
    radios = re.findall(r'<input[^>]*type="radio"[^>]*>', html)
    assert radios and all("required" in r for r in radios)
    assert "(обязательный вопрос)" in html  # the group's legend says it, not only a star
    assert "<title>Ошибка" not in html


def test_a_question_with_several_inputs_is_a_named_group(client, section_path):
    html = client.get(section_path(2)).content.decode()

    group = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>([^<]+)", html)
    assert group and "помощь наставника" in group.group(1)
    assert html.count("<select") >= 5 and "<fieldset" in html


def test_a_failed_step_names_every_error_and_ties_it_to_its_question(client, section_path):
    page = client.post(section_path(2), {"action": "next"})
    html = page.content.decode()

    assert page.status_code == 200
    assert re.search(r"<title>\s*Ошибка: ", html)
    summary = re.search(r'<div class="error-summary[^"]*" role="alert"[^>]*autofocus', html)
    assert summary
    link = re.search(r'data-error-summary>.*?<a href="#([^"]+)">([^<]+)</a>', html, re.S)
    assert link and "помощь наставника" in link.group(2)
    assert f'id="{link.group(1)}"' in html
    fieldset = re.search(
        r'<fieldset class="question is-invalid"[^>]*aria-describedby="([^"]+)"', html
    )
    error_id = fieldset.group(1).split()[-1]
    assert re.search(rf'id="{error_id}">\s*<div>Ответьте на вопрос', html)


def test_enter_presses_the_step_forward_first(client, section_path):
    html = client.get(section_path(3)).content.decode()
    form = html[html.index('<form method="post" novalidate>') :]

    first = re.search(r"<button[^>]*>", form).group(0)
    assert 'value="submit"' in first and 'aria-hidden="true"' in first
    bar = form[form.index('class="form-actions"') :]
    buttons = re.findall(r'<button[^>]*value="(\w+)"', bar)
    assert buttons == ["submit", "save", "prev"]


def test_the_consent_register_uses_no_id_twice(curator_client, programme):
    html = curator_client.get(reverse("surveys:consent_list", args=[programme.pk])).content
    repeated = {i: n for i, n in _ids(html.decode()).items() if n > 1}
    assert repeated == {}
