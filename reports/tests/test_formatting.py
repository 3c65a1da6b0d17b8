"""Russian numbers: one helper for every count of years, people and answers."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from reports.formatting import count_ru, plural_ru, years_ru


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "1 год"),
        (2, "2 года"),
        (4, "4 года"),
        (5, "5 лет"),
        (11, "11 лет"),
        (12, "12 лет"),
        (14, "14 лет"),
        (21, "21 год"),
        (22, "22 года"),
        (25, "25 лет"),
        (111, "111 лет"),
        (0, "0 лет"),
        (Decimal("1.0"), "1 год"),
        (Decimal("1.5"), "1,5 года"),
        (Decimal("0.5"), "0,5 года"),
        (Decimal("12.0"), "12 лет"),
        (2.5, "2,5 года"),
    ],
)
def test_years_take_the_russian_form_of_their_number(number, text):
    assert years_ru(number) == text.replace(" ", "\u00a0")


def test_unknown_experience_is_left_blank():
    assert years_ru(None) == ""


def test_counts_of_people_and_answers():
    assert count_ru(1, "ответ", "ответа", "ответов") == "1\u00a0ответ"
    assert count_ru(3, "ответ", "ответа", "ответов") == "3\u00a0ответа"
    assert count_ru(13, "ответ", "ответа", "ответов") == "13\u00a0ответов"
    assert plural_ru(101, "наставник", "наставника", "наставников") == "наставник"


def test_template_filters_are_available_on_every_page_without_load():
    html = Template("{{ a|years }}; {{ b|years }}; {{ n|plural:'ответ,ответа,ответов' }}").render(
        Context({"a": Decimal("1.0"), "b": Decimal("3.5"), "n": 22})
    )
    assert html == "1\u00a0год; 3,5\u00a0года; 22\u00a0ответа"
