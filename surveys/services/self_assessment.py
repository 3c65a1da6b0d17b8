"""Self-assessment (3.2, 4.1, 7.4): the programme's assessment parameters of a group asked as a
questionnaire; each submitted answer becomes that person's score in the round, exactly as if the
curator had typed it into the grid (same checks, same service)."""

from django.db import transaction

from programme.exceptions import DomainError
from programme.models import AssessmentRound
from programme.models.assessment import ParameterScope
from programme.services.assessment import save_scores, scope_parameters, scope_people

from ..models import (
    BaseField,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
    QuestionnaireVersion,
    Response,
    Section,
)
from .questionnaires import current_version, is_frozen


def _build_questions(version: QuestionnaireVersion, parameters) -> None:
    section = Section.objects.create(
        version=version,
        order=1,
        title="Оцените себя",
        description="Поставьте себе честную оценку по каждому параметру: её увидит куратор.",
    )
    Question.objects.bulk_create(
        Question(
            version=version,
            section=section,
            order=index,
            kind=QuestionKind.SCALE,
            text=parameter.name,
            required=True,
            scale_min=parameter.scale_min,
            scale_max=parameter.scale_max,
            scale_min_label="низкий уровень",
            scale_max_label="высокий уровень",
            maps_to=BaseField.ASSESSMENT_SCORE,
            assessment_parameter=parameter,
            code=f"p{parameter.pk}",
        )
        for index, parameter in enumerate(parameters, start=1)
    )


@transaction.atomic
def self_assessment_questionnaire(*, round: AssessmentRound, scope: str) -> Questionnaire:
    """The self-assessment questionnaire of a round and group, created or brought in line with
    the current parameters (a new version if the old one already has answers)."""
    if scope not in ParameterScope.values:
        raise DomainError("Неизвестная группа оценки.")
    parameters = scope_parameters(round.programme, scope)
    if not parameters:
        raise DomainError("Сначала задайте параметры оценки для этой группы.")
    label = ParameterScope(scope).label
    # Locked: two clicks on «Самооценка» make one questionnaire and one new version.
    AssessmentRound.objects.select_for_update().filter(pk=round.pk).first()
    questionnaire, _created = Questionnaire.objects.get_or_create(
        programme=round.programme,
        kind=QuestionnaireKind.SELF_ASSESSMENT,
        assessment_round=round,
        assessment_scope=scope,
        defaults={
            "title": f"Самооценка ({label}): {round}",
            "description": (
                "Оцените свой уровень по параметрам программы. Ответы становятся вашими "
                "оценками в этапе «" + str(round) + "»."
            ),
        },
    )
    version = current_version(questionnaire)
    wanted = [p.pk for p in parameters]
    if version is not None:
        asked = list(
            version.questions.order_by("order").values_list("assessment_parameter_id", flat=True)
        )
        if asked == wanted:
            return questionnaire
        if not is_frozen(version):
            version.questions.all().delete()
            version.sections.all().delete()
            _build_questions(version, parameters)
            return questionnaire
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=(version.number + 1) if version else 1,
        note="Параметры оценки изменились" if version else "",
    )
    _build_questions(version, parameters)
    return questionnaire


def check_invitees(questionnaire: Questionnaire, staff) -> None:
    """Only members of the assessed group answer its self-assessment."""
    allowed = {p.pk for p in scope_people(questionnaire.programme, questionnaire.assessment_scope)}
    outside = [p.short_name for p in staff if p.pk not in allowed]
    if outside:
        group = ParameterScope(questionnaire.assessment_scope).label
        raise DomainError(
            f"Самооценку заполняют только участники группы «{group}». Не в группе: "
            + ", ".join(outside)
        )


def apply_scores(response: Response) -> None:
    """A submitted self-assessment becomes the respondent's scores in the round."""
    questionnaire = response.version.questionnaire
    if response.respondent_id is None or questionnaire.assessment_round_id is None:
        return
    grid = {
        (response.respondent_id, answer.question.assessment_parameter_id): str(answer.value)
        for answer in response.answers.select_related("question")
        if answer.question.maps_to == BaseField.ASSESSMENT_SCORE
        and answer.question.assessment_parameter_id
        and answer.value is not None
    }
    if grid:
        save_scores(
            round=questionnaire.assessment_round,
            scope=questionnaire.assessment_scope,
            grid=grid,
        )
