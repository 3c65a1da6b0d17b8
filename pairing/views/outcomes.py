"""The pair's outcome on its page: the mentor records it, the curator confirms or returns it.
Anyone else who may see the pair (a mentee) only reads it; another organisation gets 404."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from programme.views.base import save_form

from ..forms.outcomes import OutcomeForm, OutcomeReturnForm
from ..services import outcomes as services
from .base import pair_or_404
from .pairs import render_pair


def _act(request, pk, *, may, form_class, form_name: str, call, success: str):
    """One POST on the outcome: who may (the mentor, the managers), the form, the service; a
    refusal shows the pair's page again with the form as typed."""
    found = pair_or_404(request, pk)
    if not may(found):
        raise PermissionDenied
    form = form_class(request.POST)
    if save_form(request, form, lambda data: call(found.pairing, data), success=success):
        return redirect("pairing:pair", pk=found.pairing.pk)
    return render_pair(request, pair_or_404(request, pk), **{form_name: form})


@require_POST
@login_required
def outcome_record(request, pk):
    return _act(
        request,
        pk,
        may=lambda found: found.is_mentor,
        form_class=OutcomeForm,
        form_name="outcome_form",
        call=lambda pairing, data: services.outcome_record(
            pairing=pairing, by=request.user, **data
        ),
        success="Итог наставничества записан и передан куратору на подтверждение.",
    )


@require_POST
@login_required
def outcome_confirm(request, pk):
    return _act(
        request,
        pk,
        may=lambda found: found.is_manager,
        form_class=OutcomeReturnForm,  # no fields needed; errors are shown the same way
        form_name="return_form",
        call=lambda pairing, _data: services.outcome_confirm(pairing=pairing, by=request.user),
        success="Итог наставничества подтверждён.",
    )


@require_POST
@login_required
def outcome_return(request, pk):
    return _act(
        request,
        pk,
        may=lambda found: found.is_manager,
        form_class=OutcomeReturnForm,
        form_name="return_form",
        call=lambda pairing, data: services.outcome_return(
            pairing=pairing, by=request.user, **data
        ),
        success="Итог возвращён наставнику на доработку.",
    )
