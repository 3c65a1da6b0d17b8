"""Pages of personal links: choosing whom to invite, sending, reminding, revoking, printed
sheets."""

import datetime as dt

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.formatting import count_ru
from common.qr import qr_svg
from common.renderer import pdf_response, render_pdf
from programme import access
from programme.exceptions import DomainError
from programme.models import MenteeProfile, MentorProfile, StaffMember

from .. import selectors
from ..forms import (
    InvitationCreateForm,
    InvitationOptionsForm,
)
from ..models import (
    InvitationStatus,
)
from ..services import invitations
from ..services.responses import invitation_is_open
from .questionnaires import questionnaire_for


def _candidates(programme, data):
    staff = StaffMember.objects.filter(organisation=programme.organisation, is_active=True)
    if data.get("position"):
        staff = staff.filter(position=data["position"])
    if data.get("experience_from") is not None:
        staff = staff.filter(experience_total__gte=data["experience_from"])
    if data.get("experience_to") is not None:
        staff = staff.filter(experience_total__lte=data["experience_to"])
    mentee = MenteeProfile.objects.filter(programme=programme, staff=OuterRef("pk"))
    mentor = MentorProfile.objects.filter(programme=programme, staff=OuterRef("pk"))
    staff = staff.annotate(is_mentee=Exists(mentee), is_mentor=Exists(mentor))
    role = data.get("role")
    if role == "mentee":
        staff = staff.filter(is_mentee=True)
    elif role == "mentor":
        staff = staff.filter(is_mentor=True)
    elif role == "none":
        staff = staff.filter(is_mentee=False, is_mentor=False)
    return staff.order_by("last_name", "first_name")


@access.named_data_required
def invitation_list(request, pk, qid):
    programme, questionnaire = questionnaire_for(request, pk, qid)
    query = request.GET.copy()
    if questionnaire.assessment_scope and "role" not in query:
        # A self-assessment is answered by its group only: offer that group.
        query["role"] = "mentee" if questionnaire.assessment_scope == "mentees" else "mentor"
    filters = InvitationCreateForm(query)
    data = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.invitations_of(
        questionnaire,
        status=request.GET.get("status", ""),
        query=request.GET.get("q", ""),
    )
    return render(
        request,
        "surveys/invitation_list.html",
        {
            "programme": programme,
            "questionnaire": questionnaire,
            "rows": rows,
            "filters": filters,
            "candidates": _candidates(programme, data),
            "options": InvitationOptionsForm(),
            "statuses": InvitationStatus.choices,
            "can_manage": access.can_manage(request.user),
            "now": timezone.now(),
        },
    )


@require_POST
@access.manager_required
def invitation_create(request, pk, qid):
    _programme, questionnaire = questionnaire_for(request, pk, qid, write=True)
    options = InvitationOptionsForm(request.POST)
    ids = [int(v) for v in request.POST.getlist("staff") if v.isdigit()]
    staff = list(StaffMember.objects.filter(pk__in=ids))
    if not options.is_valid():
        messages.error(request, "Срок действия ссылки — от 1 до 365 дней.")
        return redirect("surveys:invitation_list", pk=pk, qid=qid)
    try:
        created, skipped = invitations.invitations_create(
            questionnaire=questionnaire,
            staff=staff,
            by=request.user,
            expires_at=timezone.now() + dt.timedelta(days=options.cleaned_data["days"]),
            send_email=options.cleaned_data["send_email"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("surveys:invitation_list", pk=pk, qid=qid)
    text = f"Создано приглашений: {len(created)}."
    if skipped:
        who = count_ru(skipped, "педагога", "педагогов", "педагогов")
        text += f" У {who} уже есть действующая ссылка — им повторно не отправлено."
    no_email = [i.staff.short_name for i in created if not i.staff.email]
    if options.cleaned_data["send_email"]:
        text += f" Письма отправляются: {len(created) - len(no_email)}."
    if no_email:
        text += " Без электронной почты (распечатайте листы-приглашения): " + ", ".join(no_email)
    messages.success(request, text)
    return redirect("surveys:invitation_list", pk=pk, qid=qid)


@require_POST
@access.manager_required
def invitation_revoke(request, pk, qid, invitation_id):
    _programme, questionnaire = questionnaire_for(request, pk, qid, write=True)
    invitation = get_object_or_404(questionnaire.invitations, pk=invitation_id)
    try:
        invitations.invitation_revoke(invitation=invitation)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Ссылка {invitation.staff.short_name} больше не действует.")
    return redirect("surveys:invitation_list", pk=pk, qid=qid)


@require_POST
@access.manager_required
def invitation_remind(request, pk, qid):
    _programme, questionnaire = questionnaire_for(request, pk, qid, write=True)
    count = invitations.remind_unsubmitted(questionnaire=questionnaire)
    messages.success(request, f"Напоминания отправляются: {count}.")
    return redirect("surveys:invitation_list", pk=pk, qid=qid)


def sheets_document(programme, questionnaire, sheets):
    """The printed invitations: one A4 sheet per person with the link and its QR code."""
    for sheet in sheets:
        sheet["qr"] = qr_svg(sheet["link"])
    return render_pdf(
        "surveys/documents/invitation_sheets.html",
        {"programme": programme, "questionnaire": questionnaire, "sheets": sheets},
        filename=f"invitations-{questionnaire.pk}.pdf",
    )


@access.manager_required
def invitation_sheets(request, pk, qid):
    """Printed invitations: one A4 sheet per person with the link and a QR code."""
    programme, questionnaire = questionnaire_for(request, pk, qid, write=True)
    rows = questionnaire.invitations.filter(revoked_at__isnull=True).select_related("staff")
    ids = [int(v) for v in request.GET.getlist("ids") if v.isdigit()]
    rows = rows.filter(pk__in=ids) if ids else rows.exclude(status=InvitationStatus.SUBMITTED)
    sheets = [
        {"invitation": i, "link": invitations.invitation_link(i)}
        for i in rows.order_by("staff__last_name", "staff__first_name")
        if invitation_is_open(i)
    ]
    if not sheets:
        messages.error(request, "Нет действующих приглашений для печати.")
        return redirect("surveys:invitation_list", pk=pk, qid=qid)
    document = sheets_document(programme, questionnaire, sheets)
    return pdf_response(document, request=request)
