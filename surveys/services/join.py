"""The public join page behind the announcement's QR code (1.1): a teacher gets her personal
questionnaire link at once — by email when her address is in the staff list, else by leaving
her name for the curator, who prints her invitation sheet from the dashboard. Neither answer
says whether the address or the name was found (nobody learns who works here)."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from programme.exceptions import DomainError
from programme.models import Programme, StaffMember, User

from ..models import Invitation, InvitationStatus, JoinRequest, Questionnaire
from ..selectors import join_questionnaire, name_key
from .invitations import invitations_create, send_invitations

JOIN_LINK_DAYS = 30
NAME_MAX_LENGTH = 200


def join_invitation(*, questionnaire: Questionnaire, staff: StaffMember, by: User | None):
    """The teacher's open invitation to the questionnaire; a new one (through the ordinary
    service, under its lock) if she has none."""
    created, _already = invitations_create(
        questionnaire=questionnaire,
        staff=[staff],
        by=by,
        expires_at=timezone.now() + dt.timedelta(days=JOIN_LINK_DAYS),
    )
    if created:
        return created[0]
    return (
        Invitation.objects.filter(
            questionnaire=questionnaire,
            staff=staff,
            subject__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def join_link_request(*, programme: Programme, email: str) -> int:
    """Every working teacher of the organisation with this address gets her link to the
    current intake questionnaire by email (after commit); returns how many letters were
    queued — the page never tells."""
    email = (email or "").strip()
    if not email or "@" not in email or len(email) > 254:
        return 0
    questionnaire = join_questionnaire(programme)
    if questionnaire is None:
        return 0
    people = StaffMember.objects.filter(
        organisation_id=programme.organisation_id, email__iexact=email, is_active=True
    )
    ready = []
    for staff in people:
        invitation = join_invitation(questionnaire=questionnaire, staff=staff, by=None)
        if invitation is not None and invitation.status != InvitationStatus.SUBMITTED:
            ready.append(invitation)
    return send_invitations(invitations=ready)


def _check_name(full_name: str, detail: str) -> tuple[str, str]:
    full_name = " ".join((full_name or "").split())
    detail = " ".join((detail or "").split())
    if len(full_name.split()) < 2:
        raise DomainError("Напишите фамилию и имя (и отчество, если есть).")
    if len(full_name) > NAME_MAX_LENGTH or len(detail) > NAME_MAX_LENGTH:
        raise DomainError(f"Слишком длинно: не больше {NAME_MAX_LENGTH} знаков.")
    if not any(ch.isalpha() for ch in full_name):
        raise DomainError("Фамилия и имя пишутся буквами.")
    return full_name, detail


def join_request_leave(*, programme: Programme, full_name: str, detail: str = "") -> None:
    """Leave a teacher's name for the curator. The same name left again while the first
    request is open is that request (the database's constraint decides, not a read first)."""
    full_name, detail = _check_name(full_name, detail)
    try:
        with transaction.atomic():
            JoinRequest.objects.create(
                organisation_id=programme.organisation_id,
                programme=programme,
                full_name=full_name,
                detail=detail,
                name_key=name_key(full_name),
                detail_key=name_key(detail),
            )
    except IntegrityError:
        pass  # already asked and waiting: one request


@transaction.atomic
def join_request_done(*, join_request: JoinRequest, by: User) -> JoinRequest:
    """The curator has handed the sheet over (or dealt with the request otherwise)."""
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.done_at is None:
        join_request.done_at = timezone.now()
        join_request.done_by = by
        join_request.save(update_fields=["done_at", "done_by"])
    return join_request


@transaction.atomic
def join_request_invitation(*, join_request: JoinRequest, staff: StaffMember, by: User):
    """The invitation to print on the teacher's sheet: her open link to the current intake
    questionnaire, made if she has none."""
    if staff.organisation_id != join_request.organisation_id or not staff.is_active:
        raise DomainError("Педагог не найден в списке педагогов этой организации.")
    questionnaire = join_questionnaire(join_request.programme)
    if questionnaire is None:
        raise DomainError(
            "В программе сейчас нет открытой анкеты для новых участников (2.1 или 3.3): "
            "включите анкету или снимите отметку «выполнено» с пункта дорожной карты."
        )
    invitation = join_invitation(questionnaire=questionnaire, staff=staff, by=by)
    if invitation is None or invitation.status == InvitationStatus.SUBMITTED:
        raise DomainError(f"Анкета «{questionnaire.title}» от {staff.short_name} уже получена.")
    return invitation
