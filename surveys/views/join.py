"""The curator's side of the public join page: the names teachers without email left, each
printed as her invitation sheet in one click and marked done."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.renderer import pdf_response
from programme import access
from programme.exceptions import DomainError
from programme.models import StaffMember

from ..models import JoinRequest
from ..services import invitations
from ..services import join as services
from .invitations import sheets_document


def _join_request(request, pk, request_id):
    programme = access.get_programme(request.user, pk, write=True)
    join_request = get_object_or_404(
        JoinRequest.objects.filter(programme=programme).select_related("programme"),
        pk=request_id,
    )
    return programme, join_request


def _back(programme):
    return redirect(reverse("programme:dashboard", args=[programme.pk]) + "#join-requests")


@require_POST
@access.manager_required
def join_request_sheet(request, pk, request_id):
    """The teacher's invitation sheet (her personal link and QR code) as a PDF."""
    programme, join_request = _join_request(request, pk, request_id)
    staff = get_object_or_404(
        StaffMember.objects.filter(organisation_id=programme.organisation_id),
        pk=request.POST.get("staff") if str(request.POST.get("staff", "")).isdigit() else 0,
    )
    try:
        invitation = services.join_request_invitation(
            join_request=join_request, staff=staff, by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
        return _back(programme)
    sheet = {"invitation": invitation, "link": invitations.invitation_link(invitation)}
    return pdf_response(sheets_document(programme, invitation.questionnaire, [sheet]))


@require_POST
@access.manager_required
def join_request_done(request, pk, request_id):
    programme, join_request = _join_request(request, pk, request_id)
    services.join_request_done(join_request=join_request, by=request.user)
    messages.success(request, f"Просьба «{join_request.full_name}» отмечена выполненной.")
    return _back(programme)
