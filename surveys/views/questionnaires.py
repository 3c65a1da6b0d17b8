"""Pages of the questionnaires: the programme's list and a teacher's own."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from programme import access

from .. import selectors
from ..services import consents


def questionnaire_for(request, pk, qid, *, write=False):
    programme = access.get_programme(request.user, pk, write=write)
    questionnaire = get_object_or_404(programme.questionnaires, pk=qid)
    return programme, questionnaire


@access.reader_required
def questionnaire_list(request, pk):
    programme = access.get_programme(request.user, pk)
    return render(
        request,
        "surveys/questionnaire_list.html",
        {
            "programme": programme,
            "questionnaires": selectors.questionnaires_with_counts(programme),
            "can_manage": access.can_manage(request.user),
        },
    )


@login_required
def my_questionnaires(request):
    staff = getattr(request.user, "staff_member", None)
    return render(
        request,
        "surveys/my_questionnaires.html",
        {
            "staff": staff,
            "invitations": selectors.my_invitations(staff) if staff else [],
            "has_consent": consents.has_valid_consent(staff) if staff else False,
        },
    )
