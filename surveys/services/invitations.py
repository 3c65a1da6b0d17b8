"""Personal links to questionnaires: created for chosen people, sent by email in the background
after the transaction commits, printed as sheets, reminded, revoked."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.mail import make_message
from mentoring.queue import enqueue_on_commit
from programme.exceptions import DomainError
from programme.models import StaffMember

from ..models import Invitation, InvitationStatus, Questionnaire, ResponseStatus
from ..tokens import hash_token, new_nonce, token_for
from .self_assessment import check_invitees

OPEN_STATUSES = [
    InvitationStatus.CREATED,
    InvitationStatus.SENT,
    InvitationStatus.OPENED,
    InvitationStatus.DRAFT,
]


def invitation_token(invitation: Invitation) -> str:
    return token_for(invitation.token_nonce)


def invitation_link(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("surveys:fill", args=[invitation_token(invitation)])


def find_invitation(token: str) -> Invitation | None:
    """The invitation of a token, whatever its state (the caller decides what it may do), with
    its people, response and version, and its questionnaire, programme and organisation.

    Two narrow queries rather than one join of eight tables: every page of a teacher's link
    starts here, and PostgreSQL spent longer planning the wide join than running both."""
    if not token or len(token) > 100:
        return None
    try:
        invitation = Invitation.objects.select_related("staff", "subject", "response__version").get(
            token_hash=hash_token(token)
        )
    except Invitation.DoesNotExist:
        return None
    invitation.questionnaire = Questionnaire.objects.select_related("programme__organisation").get(
        pk=invitation.questionnaire_id
    )
    organisation = invitation.questionnaire.programme.organisation
    for person in (invitation.staff, invitation.subject):
        if person is not None and person.organisation_id == organisation.pk:
            person.organisation = organisation  # read already: no query of its own
    return invitation


def _new_invitation(questionnaire, staff, *, by, expires_at, subject=None) -> Invitation:
    nonce = new_nonce()
    return Invitation(
        questionnaire=questionnaire,
        staff=staff,
        subject=subject,
        token_nonce=nonce,
        token_hash=hash_token(token_for(nonce)),
        created_by=by,
        expires_at=expires_at,
    )


@transaction.atomic
def invitations_create(
    *,
    questionnaire: Questionnaire,
    staff: list[StaffMember],
    by,
    expires_at: dt.datetime,
    subject: StaffMember | None = None,
    send_email: bool = False,
) -> tuple[list[Invitation], int]:
    """Invite people to a questionnaire; returns the new invitations and how many already had
    an open one (they are skipped, not invited twice)."""
    organisation_id = questionnaire.programme.organisation_id
    if any(p.organisation_id != organisation_id for p in staff):
        raise DomainError("Пригласить можно только педагогов этой организации.")
    if subject is not None and subject.organisation_id != organisation_id:
        raise DomainError("Педагог, о котором анкета, работает в другой организации.")
    if expires_at <= timezone.now():
        raise DomainError("Срок действия ссылки должен быть в будущем.")
    if not staff:
        raise DomainError("Выберите хотя бы одного педагога.")
    if questionnaire.assessment_round_id:
        check_invitees(questionnaire, staff)
    # Locked: two curators (or a double click) inviting the same people at once make one
    # open link each, not two; the second sees the first's and skips them.
    Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
    already = set(
        Invitation.objects.filter(
            questionnaire=questionnaire,
            staff__in=staff,
            subject=subject,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).values_list("staff_id", flat=True)
    )
    fresh = [
        _new_invitation(questionnaire, p, by=by, expires_at=expires_at, subject=subject)
        for p in staff
        if p.pk not in already
    ]
    created = Invitation.objects.bulk_create(fresh)
    if send_email:
        send_invitations(invitations=created)
    return created, len(already)


@transaction.atomic
def third_party_invitation(
    *, questionnaire: Questionnaire, author: StaffMember, subject: StaffMember, by
) -> Invitation:
    """The open link of a psychologist (or the head) to write about one teacher (2.2): the one
    not yet submitted if there is one, else a new one. Under the questionnaire's lock, so two
    clicks give one link."""
    Questionnaire.objects.select_for_update().filter(pk=questionnaire.pk).first()
    existing = (
        Invitation.objects.filter(
            questionnaire=questionnaire,
            staff=author,
            subject=subject,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .exclude(status=InvitationStatus.SUBMITTED)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing
    invitation = _new_invitation(
        questionnaire,
        author,
        by=by,
        expires_at=timezone.now() + dt.timedelta(days=30),
        subject=subject,
    )
    invitation.save()
    return invitation


def send_invitations(*, invitations: list[Invitation], reminder: bool = False) -> int:
    """Queue one email per invitation with an address, after the transaction commits."""
    ids = [i.pk for i in invitations if i.staff.email]
    for invitation_id in ids:
        enqueue_on_commit("surveys.tasks.send_invitation_email", invitation_id, reminder)
    return len(ids)


def invitation_email_deliver(*, invitation_id: int, reminder: bool = False) -> None:
    """Send one invitation (or reminder) email and record it; a revoked link or a person
    without an address gets nothing."""
    invitation = Invitation.objects.select_related(
        "staff", "questionnaire__programme__organisation", "questionnaire__programme__curator"
    ).get(pk=invitation_id)
    if invitation.revoked_at or not invitation.staff.email:
        return
    programme = invitation.questionnaire.programme
    context = {
        "invitation": invitation,
        "staff": invitation.staff,
        "questionnaire": invitation.questionnaire,
        "organisation": programme.organisation,
        "curator": programme.curator,
        "link": invitation_link(invitation),
        "reminder": reminder,
    }
    make_message("surveys/emails/invitation", context, [invitation.staff.email]).send()
    record_sent(invitation_id=invitation.pk, reminder=reminder)


def remind_unsubmitted(*, questionnaire: Questionnaire) -> int:
    """A reminder to everyone whose link is still open and who has not submitted."""
    pending = list(
        Invitation.objects.filter(
            questionnaire=questionnaire,
            status__in=OPEN_STATUSES,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            subject__isnull=True,
        )
        .exclude(staff__email="")
        .select_related("staff")
    )
    return send_invitations(invitations=pending, reminder=True)


def invitation_revoke(*, invitation: Invitation) -> None:
    response = getattr(invitation, "response", None)
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        raise DomainError("Анкета уже отправлена: отзывать ссылку не нужно.")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def record_sent(*, invitation_id: int, reminder: bool) -> None:
    """After an email went out: when, and the status moved forward only."""
    now = timezone.now()
    invitation = Invitation.objects.get(pk=invitation_id)
    fields = []
    if reminder:
        invitation.reminded_at = now
        invitation.reminders_sent += 1
        fields += ["reminded_at", "reminders_sent"]
    else:
        invitation.sent_at = now
        fields.append("sent_at")
    if invitation.status == InvitationStatus.CREATED:
        invitation.status = InvitationStatus.SENT
        fields.append("status")
    invitation.save(update_fields=fields)
