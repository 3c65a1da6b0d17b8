"""The pair's page (phone-first) for the mentor, the mentees and the curator, and the mentor's
early end of the mentoring with the art. 351.8 notice. The outcome's forms post to
views/outcomes.py, which shows this page again on an error."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from programme.views.base import save_form

from ..forms.outcomes import OutcomeForm, OutcomeReturnForm
from ..forms.pairs import PairEndForm
from ..models import PairingStatus
from ..selectors.pairs import pair_page
from ..services import pairings as pairing_services
from ..services import pairs as services
from .base import pair_or_404


def render_pair(request, found, *, end_form=None, outcome_form=None, return_form=None):
    """The pair's page, with the forms a POST sent back with errors (else fresh ones)."""
    page = pair_page(found)
    earliest = None
    if found.is_mentor and found.pairing.status == PairingStatus.ACTIVE:
        # The notice period counted from today (the form refuses a notice in the future).
        earliest = pairing_services.earliest_end(page.today)
    return render(
        request,
        "pairing/pairs/pair.html",
        {
            "page": page,
            "pairing": found.pairing,
            "access": found,
            "end_form": end_form or PairEndForm(),
            "earliest_end": earliest,
            "outcome_form": outcome_form or _outcome_form(page),
            "return_form": return_form or OutcomeReturnForm(),
        },
    )


def _outcome_form(page) -> OutcomeForm:
    """The mentor's form, filled with what she recorded before (to re-record)."""
    if page.outcome is None:
        return OutcomeForm()
    return OutcomeForm(
        initial={"result": page.outcome.result, "conclusion": page.outcome.conclusion}
    )


@login_required
def pair(request, pk):
    """Both people, form, term, the order, the plans, the meetings, the feedback due and what
    to do next. 404 for anyone who is not in the pair nor manages its organisation."""
    return render_pair(request, pair_or_404(request, pk))


@require_POST
@login_required
def pair_end(request, pk):
    """The mentor ends the mentoring early: the notice is recorded and the end falls three
    working days later (Russian calendar) at the soonest."""
    found = pair_or_404(request, pk)
    if not found.is_mentor:
        raise PermissionDenied
    form = PairEndForm(request.POST)
    saved = save_form(
        request,
        form,
        lambda data: services.pair_end_by_mentor(pairing=found.pairing, **data),
        success=lambda p: (
            f"Наставничество прекращается {p.ended_on:%d.%m.%Y}; уведомление от "
            f"{p.notice_on:%d.%m.%Y} записано, куратор и наставляемые уведомлены. До этого дня "
            "пара действует. Куратор подготовит приказ о внесении изменений."
        ),
    )
    if saved:
        return redirect("pairing:pair", pk=found.pairing.pk)
    return render_pair(request, pair_or_404(request, pk), end_form=form)
