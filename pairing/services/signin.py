"""Getting in without a password: a sign-in link by email (asked for on the login page) or on a
printed sheet with a QR code (made by the curator). A link signs a teacher in to «Моя
страница», works once and for a limited time, and only its hash is stored.

Links are for teachers only: the curator, the head, the regional coordinator and anyone who
may enter the admin sign in with their password (a mailbox should not open the programme's
management). A teacher who has a password keeps it; a teacher without a login gets one without
a password the first time she uses a link."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.mail import make_message
from common.renderer import Document
from mentoring.queue import enqueue_on_commit
from pairing.documents import signin_sheets_document
from programme.exceptions import DomainError
from programme.models import Programme, StaffMember, User
from programme.models.org import Position, Role

from ..models import SignInChannel, SignInLink
from .base import hash_token, new_nonce, token_for

EMAIL_LINK_LIFETIME = dt.timedelta(minutes=30)
PRINTED_LINK_LIFETIME = dt.timedelta(days=14)
SIGNIN_TASK = "pairing.tasks.send_signin_link"
SIGNIN_REQUEST_TASK = "pairing.tasks.send_signin_links"
PURPOSE = "signin"


def may_use_links(staff: StaffMember) -> bool:
    """A working teacher whose login (if any) is a teacher's: no manager, no admin access."""
    if not staff.is_active:
        return False
    user = staff.user
    if user is None:
        return True
    return (
        user.is_active
        and not user.is_staff
        and not user.is_superuser
        and user.role in (Role.TEACHER, Role.PSYCHOLOGIST)
    )


def link_token(link: SignInLink) -> str:
    return token_for(PURPOSE, link.token_nonce)


def link_url(link: SignInLink) -> str:
    return settings.SITE_URL + reverse("pairing:signin", args=[link_token(link)])


def signin_link_create(*, staff: StaffMember, channel: str, by: User | None = None) -> SignInLink:
    """A new one-time link for the person (its token is derived again from the nonce)."""
    if not may_use_links(staff):
        raise DomainError(
            f"{staff.short_name}: ссылки для входа выдаются только педагогам; руководители и "
            "куратор входят со своим паролем."
        )
    lifetime = EMAIL_LINK_LIFETIME if channel == SignInChannel.EMAIL else PRINTED_LINK_LIFETIME
    nonce = new_nonce()
    return SignInLink.objects.create(
        organisation_id=staff.organisation_id,
        staff=staff,
        channel=channel,
        token_nonce=nonce,
        token_hash=hash_token(token_for(PURPOSE, nonce)),
        created_by=by,
        expires_at=timezone.now() + lifetime,
    )


def signin_links_ask(*, email: str) -> None:
    """Someone typed an address on the login page: only the address is queued, for the
    background task (`signin_links_request`) to look up and write to. The page does the same
    work whether the address is known or not, so neither its answer nor its time tells."""
    enqueue_on_commit(SIGNIN_REQUEST_TASK, email)


def signin_links_request(*, email: str) -> int:
    """Every working teacher with that address gets a link by email (after commit, by the
    worker). Returns how many were queued. Run by the background task of `signin_links_ask`,
    never by the page."""
    email = (email or "").strip()
    if not email or "@" not in email or len(email) > 254:
        return 0
    people = StaffMember.objects.filter(email__iexact=email, is_active=True).select_related("user")
    queued = 0
    for staff in people:
        if not may_use_links(staff):
            continue
        link = signin_link_create(staff=staff, channel=SignInChannel.EMAIL)
        enqueue_on_commit(SIGNIN_TASK, link.pk)
        queued += 1
    return queued


def signin_email_deliver(*, link_id: int) -> None:
    """Send one link by email; a link already used or expired is not sent (the task may run
    late or twice)."""
    link = SignInLink.objects.select_related("staff__organisation").filter(pk=link_id).first()
    if link is None or link.used_at or link.expires_at <= timezone.now() or not link.staff.email:
        return
    context = {
        "staff": link.staff,
        "organisation": link.staff.organisation,
        "link": link_url(link),
        "expires_at": link.expires_at,
        "minutes": int(EMAIL_LINK_LIFETIME.total_seconds() // 60),
    }
    make_message("pairing/emails/signin", context, [link.staff.email]).send()


def find_link(token: str) -> SignInLink | None:
    """The usable link of a token: known, not used, not expired, its teacher still working."""
    if not token or len(token) > 100:
        return None
    link = (
        SignInLink.objects.select_related("staff__user", "staff__organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None or link.used_at is not None or link.expires_at <= timezone.now():
        return None
    if not may_use_links(link.staff):
        return None
    return link


def _login_for(staff: StaffMember) -> User:
    """The teacher's login; one without a password is made the first time."""
    if staff.user_id:
        return staff.user
    base = f"ped{staff.pk}"
    username = base
    while User.objects.filter(username__iexact=username).exists():
        username = f"{base}-{secrets.token_hex(2)}"
    user = User(
        username=username,
        email=staff.email,
        first_name=staff.first_name,
        last_name=staff.last_name,
        patronymic=staff.patronymic,
        organisation_id=staff.organisation_id,
        role=Role.PSYCHOLOGIST if staff.position == Position.PSYCHOLOGIST else Role.TEACHER,
    )
    user.set_unusable_password()
    user.save()
    staff.user = user
    staff.save(update_fields=["user"])
    return user


@transaction.atomic
def signin_link_use(*, token: str) -> User | None:
    """Spend the link: once only (the claim is a conditional update, so two clicks at once
    give one sign-in). Returns the login to sign in, or None for a link that does not work."""
    link = find_link(token)
    if link is None:
        return None
    claimed = SignInLink.objects.filter(
        pk=link.pk, used_at__isnull=True, expires_at__gt=timezone.now()
    ).update(used_at=timezone.now())
    if not claimed:
        return None
    staff = (
        StaffMember.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=link.staff_id)
    )
    return _login_for(staff)


@transaction.atomic
def signin_sheets(*, programme: Programme, staff: list[StaffMember], by: User) -> Document:
    """Printed sheets, one per teacher, each with a new one-time link and its QR code."""
    if not staff:
        raise DomainError("Отметьте хотя бы одного педагога.")
    if any(s.organisation_id != programme.organisation_id for s in staff):
        raise DomainError("Листы для входа печатаются только для педагогов этой организации.")
    entries = []
    for person in staff:
        link = signin_link_create(staff=person, channel=SignInChannel.PRINTED, by=by)
        entries.append((person, link_url(link), link.expires_at))
    return signin_sheets_document(programme.organisation, entries)
