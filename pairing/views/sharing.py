"""Pages of the shared mentors (issue 24, item 4): the cards of other kindergartens' mentors,
the request to borrow one, both sides' requests with their answers, the mentor's own answers,
the letter «о направлении наставника», and the coordinator's anonymous cards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from common.renderer import pdf_response
from programme import access
from programme.exceptions import DomainError
from programme.models import MenteeProfile
from programme.models.bases import MenteeStatus

from ..documents import loan_letter_document
from ..forms.sharing import CardFilterForm, LoanRequestForm
from ..models import LIVE_STATUSES, LoanStatus, Membership, MentorLoan, Pairing
from ..selectors import sharing as selectors
from ..services import sharing as services


def _cards(request, *, organisations, exclude_organisation_id=None):
    form = CardFilterForm(
        request.GET or None, competencies=selectors.competency_names(organisations)
    )
    competency = query = ""
    if form.is_valid():
        competency, query = form.cleaned_data["competency"], form.cleaned_data["q"].strip()
    cards = selectors.shared_cards(
        organisations=organisations,
        exclude_organisation_id=exclude_organisation_id,
        competency=competency,
        query=query,
    )
    return form, cards


@access.manager_required
def shared_mentor_list(request, pk):
    """Mentors of the other kindergartens of the territory who agreed to be offered."""
    programme = access.get_programme(request.user, pk, write=True)
    organisations = selectors.territory_organisations(programme.organisation)
    form, cards = _cards(
        request, organisations=organisations, exclude_organisation_id=programme.organisation_id
    )
    return render(
        request,
        "pairing/sharing/list.html",
        {"programme": programme, "form": form, "cards": cards, "named": True},
    )


def _free_mentees(programme):
    paired = Membership.objects.filter(
        mentee=OuterRef("pk"), left_on__isnull=True, pairing__status__in=LIVE_STATUSES
    )
    return (
        MenteeProfile.objects.filter(programme=programme, status=MenteeStatus.INCLUDED)
        .exclude(Exists(paired))
        .select_related("staff")
        .order_by("staff__last_name", "staff__first_name")
    )


@access.manager_required
def shared_mentor_ask(request, pk, mentor_id):
    """One mentor's card and the request to borrow her for a mentee."""
    programme = access.get_programme(request.user, pk, write=True)
    organisations = selectors.territory_organisations(programme.organisation)
    cards = selectors.shared_cards(
        organisations=organisations,
        exclude_organisation_id=programme.organisation_id,
        mentor_id=mentor_id,
    )
    if not cards:
        raise Http404
    card = cards[0]
    mentees = list(_free_mentees(programme))
    form = LoanRequestForm(request.POST or None, mentees=mentees)
    if request.method == "POST" and form.is_valid():
        mentee = next(m for m in mentees if m.pk == form.cleaned_data["mentee"])
        try:
            services.loan_request(
                programme=programme,
                mentor=card.mentor,
                mentee=mentee,
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Запрос отправлен. Наставник появится на доске подбора, когда согласятся и "
                "она, и её организация.",
            )
            return redirect("pairing:loan_list", pk=programme.pk)
    return render(
        request,
        "pairing/sharing/ask.html",
        {"programme": programme, "card": card, "form": form, "mentees": mentees},
    )


@access.manager_required
def loan_list(request, pk):
    """The kindergarten's requests: for its own mentors (answered here) and to borrow others'."""
    programme = access.get_programme(request.user, pk, write=True)
    organisation = programme.organisation
    return render(
        request,
        "pairing/sharing/loans.html",
        {
            "programme": programme,
            "lent": selectors.loans_lent(organisation),
            "borrowed": selectors.loans_borrowed(organisation),
        },
    )


@require_POST
@access.manager_required
def loan_answer(request, pk, loan_id):
    """Her own kindergarten's answer; `pk` is the mentor's programme."""
    programme = access.get_programme(request.user, pk, write=True)
    loan = get_object_or_404(MentorLoan, pk=loan_id, mentor__programme=programme)
    try:
        loan = services.loan_answer_by_home(
            loan_id=loan.pk,
            programme=programme,
            accept=request.POST.get("answer") == "accept",
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Ответ записан. Запрос: {loan.get_status_display()}.")
    return redirect("pairing:loan_list", pk=pk)


@require_POST
@access.manager_required
def loan_cancel(request, pk, loan_id):
    """The borrowing kindergarten takes its request back; `pk` is its programme."""
    programme = access.get_programme(request.user, pk, write=True)
    loan = get_object_or_404(MentorLoan, pk=loan_id, programme=programme)
    try:
        services.loan_cancel(loan_id=loan.pk, programme=programme)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Запрос отозван.")
    return redirect("pairing:loan_list", pk=pk)


@access.manager_required
def loan_letter_pdf(request, pk, loan_id):
    """The letter «о направлении наставника» of an accepted request, for either side."""
    programme = access.get_programme(request.user, pk, write=True)
    loan = get_object_or_404(
        MentorLoan.objects.select_related(
            "mentor__staff", "mentor__programme__organisation", "programme__organisation"
        ).filter(status=LoanStatus.ACCEPTED),
        pk=loan_id,
        **(
            {"programme": programme}
            if request.GET.get("side") != "home"
            else {"mentor__programme": programme}
        ),
    )
    pairings = list(
        Pairing.objects.filter(
            mentor=loan.mentor,
            programme=loan.programme,
            status__in=LIVE_STATUSES,
            members__mentee=loan.mentee,
        ).order_by("pk")
    )
    return pdf_response(loan_letter_document(loan, pairings), request=request)


@login_required
def my_loans(request):
    """A mentor's own page of requests from other kindergartens."""
    staff = getattr(request.user, "staff_member", None)
    if staff is None:
        raise Http404
    return render(
        request,
        "pairing/sharing/my_loans.html",
        {"staff": staff, "loans": selectors.loans_of_mentor(staff.pk)},
    )


@require_POST
@login_required
def my_loan_answer(request, loan_id):
    staff = getattr(request.user, "staff_member", None)
    if staff is None:
        raise Http404
    get_object_or_404(MentorLoan, pk=loan_id, mentor__staff=staff)
    try:
        loan = services.loan_answer_by_mentor(
            loan_id=loan_id, staff_id=staff.pk, accept=request.POST.get("answer") == "accept"
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Ответ записан. Запрос: {loan.get_status_display()}.")
    return redirect("pairing:my_loans")


@require_GET
@access.coordinator_required
def territory_shared_mentors(request):
    """The coordinator's view of the territory's shared mentors: the cards without names
    (she reads figures, not people), with the kindergarten each works in."""
    organisations = access.organisations_for(request.user)
    form, cards = _cards(request, organisations=organisations)
    return render(
        request,
        "pairing/sharing/list.html",
        {"programme": None, "form": form, "cards": cards, "named": False},
    )
