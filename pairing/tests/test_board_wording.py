"""The board speaks Russian a person would write: a form by its name, never its code; a name
in the case the sentence needs."""

import datetime as dt

import pytest

from pairing.selectors.board import board_state
from pairing.services import board as services
from programme.models.roadmap import MentoringForm
from tests.factories import CompetencyFactory
from tests.factories_pairing import included_mentee, ready_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(programme):
    programme.starts_on, programme.ends_on = dt.date(2024, 9, 1), dt.date(2025, 5, 31)
    programme.save()
    return programme


def test_the_reason_names_the_form_in_russian_not_by_its_code(dated, curator):
    ict = CompetencyFactory(organisation=dated.organisation, name="ИКТ")
    mentor = ready_mentor(dated, {ict: 3}, last_name="Волкова")
    mentor.preferred_forms = [MentoringForm.TEACHER_TEACHER]
    mentor.save()
    mentee = included_mentee(dated, {ict: 1}, last_name="Захарова")
    mentee.preferred_form = MentoringForm.TEACHER_TEACHER
    mentee.save()

    services.board_run(programme=dated, by=curator)

    reason = mentee.memberships.get().reason
    assert "подходит форма работы «педагог – педагог»" in reason
    assert "teacher_teacher" not in reason


def test_a_new_pair_names_the_mentor_in_the_instrumental(dated, curator):
    ict = CompetencyFactory(organisation=dated.organisation, name="ИКТ")
    included_mentee(dated, {ict: 1}, last_name="Захарова", first_name="Анна")
    services.board_run(programme=dated, by=curator)  # nobody covers her yet
    ready_mentor(dated, {ict: 3}, last_name="Морозова", first_name="Елена", patronymic="Андреевна")

    services.board_run(programme=dated, by=curator)

    changes = [change.text for change in board_state(dated).changes]
    assert any("новая пара с Морозовой\u00a0Е.А." in text for text in changes), changes
