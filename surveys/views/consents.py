"""Pages of the consents: the register with paper consents and scans, and a teacher's own
withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from programme import access
from programme.exceptions import DomainError
from programme.models import StaffMember

from ..forms import (
    PaperConsentForm,
    WithdrawForm,
    WrittenWithdrawalForm,
)
from ..models import (
    Consent,
    ConsentChannel,
    ConsentKind,
)
from ..services import consents


@access.reader_required
def consent_list(request, pk):
    programme = access.get_programme(request.user, pk)
    staff_qs = StaffMember.objects.filter(organisation=programme.organisation, is_active=True)
    records = (
        Consent.objects.filter(organisation=programme.organisation)
        .select_related("staff", "text", "recorded_by")
        .order_by("staff__last_name", "-given_at")
    )
    paper = PaperConsentForm(staff_queryset=staff_qs)
    written = WrittenWithdrawalForm(staff_queryset=staff_qs)
    if request.method == "POST":
        if not access.can_manage(request.user):
            raise PermissionDenied
        if request.POST.get("action") == "paper":
            paper = PaperConsentForm(request.POST, request.FILES, staff_queryset=staff_qs)
            if paper.is_valid():
                try:
                    consents.consent_give(
                        staff=paper.cleaned_data["staff"],
                        kind=paper.cleaned_data["kind"],
                        channel=ConsentChannel.PAPER,
                        scan=paper.cleaned_data["scan"],
                        recorded_by=request.user,
                    )
                except DomainError as error:
                    paper.add_error(None, error.message)
                else:
                    messages.success(request, "Бумажное согласие внесено.")
                    return redirect("surveys:consent_list", pk=pk)
        elif request.POST.get("action") == "withdraw":
            written = WrittenWithdrawalForm(request.POST, staff_queryset=staff_qs)
            if written.is_valid():
                try:
                    consents.consent_withdraw(
                        staff=written.cleaned_data["staff"],
                        kind=written.cleaned_data["kind"],
                        channel=ConsentChannel.PAPER,
                        note=written.cleaned_data["note"],
                        by=request.user,
                    )
                except DomainError as error:
                    written.add_error(None, error.message)
                else:
                    messages.success(request, "Отзыв согласия зарегистрирован; ответы обезличены.")
                    return redirect("surveys:consent_list", pk=pk)
    return render(
        request,
        "surveys/consent_list.html",
        {
            "programme": programme,
            "records": records,
            "paper": paper,
            "written": written,
            "can_manage": access.can_manage(request.user),
        },
    )


@access.reader_required
def consent_scan(request, pk, consent_id):
    programme = access.get_programme(request.user, pk)
    consent = get_object_or_404(
        Consent.objects.filter(organisation=programme.organisation).exclude(scan=""),
        pk=consent_id,
    )
    from django.http import FileResponse

    return FileResponse(consent.scan.open("rb"), as_attachment=True)


@login_required
def my_consent_withdraw(request):
    staff = getattr(request.user, "staff_member", None)
    if staff is None:
        raise Http404
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consents.consent_withdraw(
                staff=staff,
                kind=ConsentKind.PROCESSING,
                channel=ConsentChannel.ONLINE,
                note="Отозвано педагогом на своей странице",
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "surveys/withdrawn.html", {})
    return render(request, "surveys/withdraw.html", {"form": form})
