"""Consents to personal-data processing and publication (152-ФЗ), and their withdrawal."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from programme.exceptions import DomainError
from programme.models import MenteeProfile, MentorProfile, Organisation, StaffMember
from programme.uploads import UploadRule, check_upload

from ..consent_texts import processing_text, publication_text
from ..models import (
    Answer,
    Consent,
    ConsentChannel,
    ConsentKind,
    ConsentText,
    Invitation,
    QuestionKind,
    Response,
)

SCAN_RULE = UploadRule(extensions=("pdf", "jpg", "jpeg", "png"), max_bytes=5 * 1024 * 1024)
# Answers that may name or describe the person are removed on withdrawal; scales and choices
# stay, unlinked, so that the programme's statistics keep their counts.
IDENTIFYING_KINDS = (
    QuestionKind.SHORT_TEXT,
    QuestionKind.LONG_TEXT,
    QuestionKind.RANKING,
    QuestionKind.DATE,
    QuestionKind.NUMBER,
)


def ensure_consent_texts(*, organisation: Organisation) -> None:
    """The organisation's first consent texts of both kinds, generated from its details."""
    for kind, make in (
        (ConsentKind.PROCESSING, processing_text),
        (ConsentKind.PUBLICATION, publication_text),
    ):
        if not ConsentText.objects.filter(organisation=organisation, kind=kind).exists():
            title, body = make(organisation)
            ConsentText.objects.create(
                organisation=organisation, kind=kind, version=1, title=title, body=body
            )


def current_text(*, organisation: Organisation, kind: str) -> ConsentText:
    text = ConsentText.objects.filter(organisation=organisation, kind=kind).order_by("-version")
    found = text.first()
    if found is None:
        ensure_consent_texts(organisation=organisation)
        found = ConsentText.objects.filter(organisation=organisation, kind=kind).latest("version")
    return found


def consent_text_new_version(*, organisation: Organisation, kind: str, title: str, body: str):
    """Texts already given are never edited: a change is a new version."""
    last = ConsentText.objects.filter(organisation=organisation, kind=kind).order_by("-version")
    number = (last.first().version + 1) if last.exists() else 1
    return ConsentText.objects.create(
        organisation=organisation, kind=kind, version=number, title=title, body=body
    )


def valid_consent(staff: StaffMember, kind: str = ConsentKind.PROCESSING) -> Consent | None:
    return (
        Consent.objects.filter(staff=staff, kind=kind, withdrawn_at__isnull=True)
        .order_by("-given_at")
        .first()
    )


def has_valid_consent(staff: StaffMember, kind: str = ConsentKind.PROCESSING) -> bool:
    return valid_consent(staff, kind) is not None


@transaction.atomic
def consent_give(
    *,
    staff: StaffMember,
    kind: str,
    channel: str,
    ip_address: str | None = None,
    user_agent: str = "",
    scan=None,
    recorded_by=None,
) -> Consent:
    """Record a consent to the organisation's current text of that kind."""
    if kind not in ConsentKind.values:
        raise DomainError("Неизвестный вид согласия.")
    if channel == ConsentChannel.PAPER:
        if scan is None:
            raise DomainError("Для бумажного согласия загрузите скан подписанного документа.")
        check_upload(scan, SCAN_RULE)
    existing = valid_consent(staff, kind)
    if existing is not None:
        return existing
    return Consent.objects.create(
        organisation_id=staff.organisation_id,
        staff=staff,
        kind=kind,
        text=current_text(organisation=staff.organisation, kind=kind),
        given_at=timezone.now(),
        channel=channel,
        ip_address=ip_address if channel == ConsentChannel.ONLINE else None,
        user_agent=(user_agent or "")[:500] if channel == ConsentChannel.ONLINE else "",
        scan=scan or "",
        recorded_by=recorded_by,
    )


@transaction.atomic
def consent_withdraw(
    *, staff: StaffMember, kind: str, channel: str, note: str = "", by=None
) -> Consent:
    """Stop processing: the consent is marked withdrawn (the fact stays); for processing, the
    person's answers are anonymised, answers about them and their base profiles removed."""
    consent = valid_consent(staff, kind)
    if consent is None:
        raise DomainError("Действующего согласия нет — отзывать нечего.")
    now = timezone.now()
    Consent.objects.filter(staff=staff, kind=kind, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawal_channel=channel, withdrawal_note=note[:500]
    )
    if kind == ConsentKind.PROCESSING:
        anonymise_person(staff=staff, when=now)
    consent.refresh_from_db()
    return consent


def anonymise_person(*, staff: StaffMember, when) -> None:
    own = Response.objects.filter(respondent=staff)
    Answer.objects.filter(response__in=own).filter(
        Q(question__kind__in=IDENTIFYING_KINDS) | ~Q(question__people_source="")
    ).delete()
    own.update(respondent=None, subject=None, invitation=None, consent=None, anonymised_at=when)
    Response.objects.filter(subject=staff).delete()
    Invitation.objects.filter(staff=staff, revoked_at__isnull=True).update(revoked_at=when)
    Invitation.objects.filter(subject=staff, revoked_at__isnull=True).update(revoked_at=when)
    # Proposals on the pairing board go with the profiles. Pairings confirmed or fixed by the
    # head's order are labour documents (ТК РФ ст. 351.8) kept as issued: the profiles they
    # name stay, and the person leaves the board because her consent is no longer valid.
    for mentee in MenteeProfile.objects.filter(staff=staff):
        mentee.memberships.filter(pairing__status="proposed").delete()
    for mentor in MentorProfile.objects.filter(staff=staff):
        mentor.pairings.filter(status="proposed").delete()
    MenteeProfile.objects.filter(staff=staff, memberships__isnull=True).delete()
    MentorProfile.objects.filter(staff=staff, pairings__isnull=True).delete()
