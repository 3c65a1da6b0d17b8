"""A date question's answer is a date a person types: the sane years, the question named."""

import pytest

from programme.exceptions import DomainError
from surveys.forms import SectionForm
from surveys.models import Question, QuestionKind
from surveys.services.responses import validate_value

QUESTION = "Дата последней аттестации"


def _date_question() -> Question:
    return Question(pk=7, kind=QuestionKind.DATE, text=QUESTION, required=True)


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_a_date_answer_out_of_the_years_is_refused_naming_the_question(typed):
    form = SectionForm(
        {"q7": typed},
        questions=[_date_question()],
        invitation=None,
        answers={},
        enforce_required=True,
    )

    assert not form.is_valid()
    assert form.errors["q7"] == [
        f"«{QUESTION}»: проверьте год — допустимы даты с 1900 по 2100 год."
    ]


def test_a_date_answer_within_the_years_is_kept():
    form = SectionForm(
        {"q7": "2019-04-15"},
        questions=[_date_question()],
        invitation=None,
        answers={},
        enforce_required=True,
    )

    assert form.is_valid(), form.errors


def test_the_answer_service_refuses_year_one_too():
    with pytest.raises(DomainError, match=f"«{QUESTION}»: проверьте год"):
        validate_value(_date_question(), "0001-01-01", invitation=None)
