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


@require_POST
@login_required
def outcome_record(request, pk):
    found = pair_or_404(request, pk)
    if not found.is_mentor:
        raise PermissionDenied
    form = OutcomeForm(request.POST)
    saved = save_form(
        request,
        form,
        lambda data: services.outcome_record(pairing=found.pairing, by=request.user, **data),
        success="Итог наставничества записан и передан куратору на подтверждение.",
    )
    if saved:
        return redirect("pairing:pair", pk=found.pairing.pk)
    return render_pair(request, pair_or_404(request, pk), outcome_form=form)


@require_POST
@login_required
def outcome_confirm(request, pk):
    found = pair_or_404(request, pk)
    if not found.is_manager:
        raise PermissionDenied
    form = OutcomeReturnForm(request.POST)  # no fields needed; errors are shown the same way
    saved = save_form(
        request,
        form,
        lambda _data: services.outcome_confirm(pairing=found.pairing, by=request.user),
        success="Итог наставничества подтверждён.",
    )
    if saved:
        return redirect("pairing:pair", pk=found.pairing.pk)
    return render_pair(request, pair_or_404(request, pk), return_form=form)


@require_POST
@login_required
def outcome_return(request, pk):
    found = pair_or_404(request, pk)
    if not found.is_manager:
        raise PermissionDenied
    form = OutcomeReturnForm(request.POST)
    saved = save_form(
        request,
        form,
        lambda data: services.outcome_return(pairing=found.pairing, by=request.user, **data),
        success="Итог возвращён наставнику на доработку.",
    )
    if saved:
        return redirect("pairing:pair", pk=found.pairing.pk)
    return render_pair(request, pair_or_404(request, pk), return_form=form)
