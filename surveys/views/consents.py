"""Pages of the consents: the register with paper consents and scans, and a teacher's own
withdrawal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from common.formatting import count_ru
from common.renderer import pdf_response
from mentoring.client_address import client_address
from programme import access
from programme.exceptions import DomainError
from programme.models import StaffMember
from surveys.documents import consent_forms_document

from ..consent_texts import missing_parts
from ..forms import (
    ConsentPrintForm,
    PaperConsentForm,
    PublicationConsentForm,
    WithdrawForm,
    WrittenWithdrawalForm,
)
from ..models import (
    Consent,
    ConsentChannel,
    ConsentKind,
    ConsentText,
)
from ..services import consents


@access.named_data_required
def consent_list(request, pk):
    programme = access.get_programme(request.user, pk)
    staff_qs = StaffMember.objects.filter(organisation=programme.organisation, is_active=True)
    records = (
        Consent.objects.filter(organisation=programme.organisation)
        .select_related("staff", "text", "recorded_by")
        .order_by("staff__last_name", "-given_at")
    )
    texts = ConsentText.objects.filter(organisation=programme.organisation).select_related(
        "organisation"
    )
    # Two forms on one page: prefixed, so that their fields' ids (and labels) never collide.
    paper = PaperConsentForm(staff_queryset=staff_qs, text_queryset=texts, prefix="paper")
    written = WrittenWithdrawalForm(staff_queryset=staff_qs, prefix="written")
    if request.method == "POST":
        if not access.can_manage(request.user):
            raise PermissionDenied
        if request.POST.get("action") == "paper":
            paper = PaperConsentForm(
                request.POST,
                request.FILES,
                staff_queryset=staff_qs,
                text_queryset=texts,
                prefix="paper",
            )
            if paper.is_valid():
                data = paper.cleaned_data
                try:
                    # The version printed on the signed form, not whatever is current now.
                    text = data["text"] or consents.text_by_code(
                        organisation=programme.organisation, code=data["code"]
                    )
                    consents.consent_give(
                        staff=data["staff"],
                        kind=data["kind"],
                        channel=ConsentChannel.PAPER,
                        scan=data["scan"],
                        recorded_by=request.user,
                        text=text,
                        categories=data["categories"],
                        bans=data["bans"],
                        conditions=data["conditions"],
                    )
                except DomainError as error:
                    paper.add_error(None, error.message)
                else:
                    messages.success(request, "Бумажное согласие внесено.")
                    return redirect("surveys:consent_list", pk=pk)
        elif request.POST.get("action") == "withdraw":
            written = WrittenWithdrawalForm(request.POST, staff_queryset=staff_qs, prefix="written")
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
                    messages.success(
                        request,
                        "Отзыв согласия зарегистрирован: данные педагога удалены или обезличены. "
                        "Что удалено и что сохранено — в отчёте в строке согласия.",
                    )
                    return redirect("surveys:consent_list", pk=pk)
    organisation = programme.organisation
    current = {
        kind: consents.current_text(organisation=organisation, kind=kind)
        for kind in ConsentKind.values
    }
    return render(
        request,
        "surveys/consent_list.html",
        {
            "programme": programme,
            "records": records,
            "paper": paper,
            "written": written,
            "can_manage": access.can_manage(request.user),
            "pending": list(consents.reconsent_pending(organisation=organisation)),
            "current": current,
            "text_problems": {
                str(ConsentKind(kind).label): missing_parts(
                    kind=kind, body=text.body, organisation=organisation
                )
                for kind, text in current.items()
            },
            "print_form": ConsentPrintForm(staff_queryset=staff_qs),
        },
    )


@access.manager_required
def consent_forms_pdf(request, pk):
    """Printable consent forms (A4) of the current version: one person (?staff=ID) or a list
    (?staff=ID&staff=ID…), or a blank form; ?kind=publication for the publication consent."""
    programme = access.get_programme(request.user, pk, write=True)
    kind = request.GET.get("kind", ConsentKind.PROCESSING)
    if kind not in ConsentKind.values:
        raise Http404
    ids = [int(v) for v in request.GET.getlist("staff") if v.isdigit()]
    people = list(
        StaffMember.objects.filter(organisation=programme.organisation, pk__in=ids).order_by(
            "last_name", "first_name"
        )
    )
    if len(people) != len(set(ids)):
        raise Http404  # someone of another kindergarten, or nobody
    text = consents.current_text(organisation=programme.organisation, kind=kind)
    return pdf_response(consent_forms_document(text=text, people=people), request=request)


@require_POST
@access.manager_required
def reconsent_remind(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    ids = [int(v) for v in request.POST.getlist("staff") if v.isdigit()] or None
    sent = consents.reconsent_remind(organisation=programme.organisation, staff_ids=ids)
    if sent:
        letters = count_ru(sent, "письмо", "письма", "писем")
        messages.success(request, f"Напоминания о новой версии согласия: {letters}.")
    else:
        messages.info(request, "Некому отправить письмо: ни у кого из них нет адреса почты.")
    return redirect("surveys:consent_list", pk=pk)


def publication_page(request, *, staff: StaffMember, flow=None):
    """The person's consent to publication (ст. 10.1): what may be published, bans and
    conditions; saved as a new consent, or withdrawn."""
    organisation = staff.organisation
    text = consents.current_text(organisation=organisation, kind=ConsentKind.PUBLICATION)
    given = consents.valid_consent(staff, ConsentKind.PUBLICATION)
    initial = (
        {
            "categories": given.publish_categories,
            "bans": given.publish_bans,
            "conditions": given.publish_conditions,
        }
        if given
        else None
    )
    form = PublicationConsentForm(
        request.POST if request.method == "POST" and "withdraw" not in request.POST else None,
        initial=initial,
    )
    if request.method == "POST" and "withdraw" in request.POST:
        try:
            consents.consent_withdraw(
                staff=staff,
                kind=ConsentKind.PUBLICATION,
                channel=ConsentChannel.ONLINE,
                note="Отозвано педагогом онлайн",
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Согласие на публикацию отозвано.")
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consents.consent_give(
                staff=staff,
                kind=ConsentKind.PUBLICATION,
                channel=ConsentChannel.ONLINE,
                ip_address=client_address(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                categories=data["categories"],
                bans=data["bans"],
                conditions=data["conditions"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Согласие на публикацию сохранено.")
            return redirect(request.path)
    return render(
        request,
        "surveys/consent_publication.html",
        {
            "staff": staff,
            "organisation": organisation,
            "text": text,
            "given": given,
            "form": form,
            "flow": flow,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_publication_consent(request):
    staff = getattr(request.user, "staff_member", None)
    if staff is None:
        raise Http404
    return publication_page(request, staff=staff)


@access.named_data_required
def consent_scan(request, pk, consent_id):
    programme = access.get_programme(request.user, pk)
    consent = get_object_or_404(
        Consent.objects.filter(organisation=programme.organisation).exclude(scan=""),
        pk=consent_id,
    )
    from common.downloads import file_response
    from programme.uploads import download_name

    filename = download_name(consent.scan, consent.scan_name)
    return file_response(consent.scan, filename)


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


@login_required
@require_http_methods(["GET", "POST"])
def my_sharing_consent(request):
    """A mentor's own consent to be offered to other kindergartens of the territory (152-ФЗ:
    a transfer to another operator): read the text, give it, or withdraw it."""
    staff = getattr(request.user, "staff_member", None)
    if staff is None:
        raise Http404
    text = consents.current_text(organisation=staff.organisation, kind=ConsentKind.SHARING)
    if request.method == "POST":
        try:
            if "withdraw" in request.POST:
                consents.consent_withdraw(
                    staff=staff,
                    kind=ConsentKind.SHARING,
                    channel=ConsentChannel.ONLINE,
                    note="Отозвано наставником на своей странице",
                )
                messages.success(
                    request,
                    "Согласие отозвано: другие детские сады больше не видят вашу карточку.",
                )
            elif request.POST.get("agree") == "1":
                consents.consent_give(
                    staff=staff,
                    kind=ConsentKind.SHARING,
                    channel=ConsentChannel.ONLINE,
                    ip_address=client_address(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                )
                messages.success(request, "Согласие дано.")
            else:
                messages.error(request, "Отметьте «Даю согласие», чтобы его дать.")
        except DomainError as error:
            messages.error(request, error.message)
        return redirect(request.path)
    return render(
        request,
        "surveys/consent_sharing.html",
        {
            "staff": staff,
            "organisation": staff.organisation,
            "text": text,
            "given": consents.valid_consent(staff, ConsentKind.SHARING),
        },
    )
