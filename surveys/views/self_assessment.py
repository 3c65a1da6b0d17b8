"""Starting a self-assessment: an assessment round's parameters asked as a questionnaire."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from programme import access
from programme.exceptions import DomainError
from programme.models import AssessmentRound

from ..services.self_assessment import self_assessment_questionnaire


@require_POST
@access.manager_required
def self_assessment_start(request, pk, round_pk, scope):
    """From the score grid: ask the group to assess themselves with a questionnaire."""

    programme = access.get_programme(request.user, pk, write=True)
    assessment_round = get_object_or_404(
        AssessmentRound.objects.filter(programme=programme), pk=round_pk
    )
    try:
        questionnaire = self_assessment_questionnaire(round=assessment_round, scope=scope)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("programme:score_grid", pk=pk, round_pk=round_pk, scope=scope)
    messages.success(
        request,
        "Анкета самооценки готова. Выберите участников и создайте приглашения: "
        "их ответы станут оценками в таблице.",
    )
    return redirect("surveys:invitation_list", pk=pk, qid=questionnaire.pk)
