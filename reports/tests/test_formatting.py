"""Russian numbers: one helper for every count of years, people and answers."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from common.formatting import count_ru, plural_ru, years_ru


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


# --- declension ----------------------------------------------------------------------------

import pytest  # noqa: E402

from common.formatting import (  # noqa: E402
    FEMALE,
    MALE,
    by_gender,
    gender_of,
    name_case,
    position_case,
    short_name_case,
)


@pytest.mark.parametrize(
    ("name", "case", "expected"),
    [
        ("Королёва Ирина Николаевна", "accs", "Королёву Ирину Николаевну"),
        ("Соловьёва Полина Игоревна", "accs", "Соловьёву Полину Игоревну"),
        ("Морозов Егор Андреевич", "ablt", "Морозовым Егором Андреевичем"),
        (
            "Григорьева-Смирнова Ксения Михайловна",
            "datv",
            "Григорьевой-Смирновой Ксении Михайловне",
        ),
        ("Петров-Водкин Кузьма Сергеевич", "gent", "Петрова-Водкина Кузьмы Сергеевича"),
        ("Алиев Рашид Мамед оглы", "datv", "Алиеву Рашиду Мамед оглы"),
        ("Шевченко Тарас Григорьевич", "datv", "Шевченко Тарасу Григорьевичу"),
        ("Черных Олег Иванович", "gent", "Черных Олега Ивановича"),
        ("Ким Елена Сергеевна", "datv", "Ким Елене Сергеевне"),
        ("Гюго Мария Ивановна", "gent", "Гюго Марии Ивановны"),
    ],
)
def test_names_are_declined_with_gender_from_the_patronymic(name, case, expected):
    assert name_case(name, case) == expected


def test_a_name_whose_gender_cannot_be_told_stays_as_it_is():
    assert name_case("Smith Jo", "datv") == "Smith Jo"


def test_short_name_declines_the_surname_and_keeps_initials():
    assert short_name_case("Григорьева Ксения Михайловна", "datv") == "Григорьевой\u00a0К.М."
    assert short_name_case("Морозова Елена Андреевна", "ablt") == "Морозовой\u00a0Е.А."


def test_gender_comes_from_the_patronymic_then_the_first_name():
    assert gender_of("Алиева Айгюль Рашид кызы") == FEMALE
    assert gender_of("Алиев Рашид Мамед оглы") == MALE
    assert gender_of("Ким Елена") == FEMALE
    assert by_gender(FEMALE, "ознакомлен", "ознакомлена") == "ознакомлена"


@pytest.mark.parametrize(
    ("position", "case", "expected"),
    [
        ("воспитатель", "datv", "воспитателю"),
        ("старший воспитатель", "datv", "старшему воспитателю"),
        ("музыкальный руководитель", "datv", "музыкальному руководителю"),
        ("инструктор по физической культуре", "datv", "инструктору по физической культуре"),
        ("педагог-психолог", "ablt", "педагогом-психологом"),
        ("педагог дополнительного образования", "datv", "педагогу дополнительного образования"),
        ("заместитель заведующего", "gent", "заместителя заведующего"),
        ("заведующий", "datv", "заведующему"),
    ],
)
def test_positions_are_declined_up_to_their_head_noun(position, case, expected):
    assert position_case(position, case) == expected


def test_template_filters_decline_a_person():
    class Person:
        full_name = "Королёва Ирина Николаевна"

    html = Template(
        "{% load ru %}{{ p|name_case:'accs' }}; {{ p|short_case:'datv' }}; "
        "{{ p|gendered:'ознакомлен,ознакомлена' }}; {{ 'воспитатель'|position_case:'datv' }}"
    ).render(Context({"p": Person()}))
    assert html == "Королёву Ирину Николаевну; Королёвой\u00a0И.Н.; ознакомлена; воспитателю"


def test_a_title_starting_with_a_noun_declines_that_noun_only():
    from common.formatting import first_noun_case

    assert (
        first_noun_case("Положение о наставничестве, утв. приказом № 12", "ablt")
        == "Положением о наставничестве, утв. приказом № 12"
    )
    assert first_noun_case("Порядок наставничества", "ablt") == "Порядком наставничества"
    assert first_noun_case("Локальный акт о наставничестве", "ablt") is None
