"""The coordinator starts kindergartens of her territory (issue 24 §1): she adds a kindergarten
to one of her municipalities and invites its curator, who gets an emailed link that sets her
password — so that a municipality can start a hundred kindergartens without the superuser.

The link is Django's password-reset token: it is derived from the password and the last sign-in,
so it stops working once used (one-time by nature) and after `PASSWORD_RESET_TIMEOUT`. Nothing
is stored but the login; the letter leaves after the transaction commits."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from common.mail import make_message
from mentoring.queue import enqueue_on_commit

from ..exceptions import DomainError
from ..models import Organisation, StaffMember, Territory, User
from ..models.org import Position, Role
from ..models.territories import TerritoryKind
from .roles import grant_admin_access

INVITE_TASK = "programme.tasks.send_curator_invitation"
tokens = PasswordResetTokenGenerator()


class NotHerTerritory(DomainError):
    def __init__(self):
        super().__init__("Этот муниципалитет не входит в вашу территорию.")


class SlugTaken(DomainError):
    def __init__(self, slug: str):
        super().__init__(f"Адрес страницы «{slug}» уже занят другим детским садом.")


class LoginTaken(DomainError):
    def __init__(self, email: str):
        super().__init__(
            f"Пользователь с адресом {email} уже есть. Укажите другой адрес электронной почты."
        )


class NothingToResend(DomainError):
    def __init__(self):
        super().__init__(
            "У этого детского сада нет приглашённого куратора, который ещё не входил в систему."
        )


def municipalities_of(user: User):
    """The municipalities where the coordinator may add a kindergarten."""
    municipalities = Territory.objects.filter(kind=TerritoryKind.MUNICIPALITY)
    if user.is_superuser or user.territory_id is None:
        return municipalities
    territory = user.territory
    if territory.is_region:
        return municipalities.filter(parent=territory)
    return municipalities.filter(pk=territory.pk)


@dataclass(frozen=True)
class Curator:
    last_name: str
    first_name: str
    patronymic: str
    email: str


def kindergarten_add(
    *,
    by: User,
    municipality: Territory,
    full_name: str,
    short_name: str,
    slug: str,
    address: str,
    head_name: str,
    email: str,
    curator: Curator,
) -> Organisation:
    """A kindergarten in one of the coordinator's municipalities, and its curator invited."""
    if not municipalities_of(by).filter(pk=municipality.pk).exists():
        raise NotHerTerritory
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                territory=municipality,
                full_name=full_name,
                short_name=short_name,
                slug=slug,
                address=address,
                head_name=head_name,
                email=email,
            )
    except IntegrityError:
        raise SlugTaken(slug) from None
    curator_invite(organisation=organisation, by=by, curator=curator)
    return organisation


def curator_invite(*, organisation: Organisation, by: User, curator: Curator) -> User:
    """The curator's login (her email is her username) and staff card, and the letter."""
    email = curator.email.strip().lower()
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise LoginTaken(email)
    try:
        with transaction.atomic():
            user = User.objects.create(
                username=email,
                email=email,
                last_name=curator.last_name,
                first_name=curator.first_name,
                patronymic=curator.patronymic,
                role=Role.CURATOR,
                organisation=organisation,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
    except IntegrityError:  # the same address sent twice at once
        raise LoginTaken(email) from None
    StaffMember.objects.create(
        organisation=organisation,
        user=user,
        last_name=curator.last_name,
        first_name=curator.first_name,
        patronymic=curator.patronymic,
        position=Position.SENIOR_EDUCATOR,
        email=email,
    )
    grant_admin_access(user=user)
    enqueue_on_commit(INVITE_TASK, user.pk)
    return user


def curator_reinvite(*, organisation: Organisation, by: User) -> list[User]:
    """A new letter to the kindergarten's curators who have not signed in yet."""
    waiting = list(
        User.objects.filter(
            organisation=organisation, role=Role.CURATOR, last_login__isnull=True, is_active=True
        ).exclude(email="")
    )
    if not waiting:
        raise NothingToResend
    for user in waiting:
        enqueue_on_commit(INVITE_TASK, user.pk)
    return waiting


def invitation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse(
        "programme:set_password", args=[uid, tokens.make_token(user)]
    )


def curator_invitation_deliver(*, user_id: int) -> None:
    """Send the letter with a fresh link (the task may run late: a curator who has signed in
    meanwhile gets nothing)."""
    user = User.objects.select_related("organisation").filter(pk=user_id).first()
    if user is None or user.last_login is not None or not user.email or not user.is_active:
        return
    context = {
        "user": user,
        "organisation": user.organisation,
        "link": invitation_url(user),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    make_message("programme/emails/curator_invite", context, [user.email]).send()


def invited_user(uidb64: str, token: str) -> User | None:
    """The user of a valid link, or None (unknown, used, expired)."""
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not tokens.check_token(user, token):
        return None
    return user


def password_set(*, user: User, password: str) -> None:
    """Sets the password; the link that led here stops working (its token hashed the old one)."""
    user.set_password(password)
    user.save(update_fields=["password"])
