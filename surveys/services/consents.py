"""Consents to personal-data processing and publication (152-ФЗ), and their withdrawal."""

from auditlog.context import disable_auditlog
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from common.mail import make_message
from mentoring.queue import enqueue_on_commit
from programme.exceptions import DomainError
from programme.models import Organisation, StaffMember
from programme.services.audit import log_withdrawal
from programme.uploads import UploadRule, check_upload, original_name

from ..consent_texts import GENERATORS, missing_parts
from ..models import (
    Consent,
    ConsentChannel,
    ConsentKind,
    ConsentText,
    Invitation,
    PublicationCategory,
)
from ..tokens import token_for
from .erasure import erase_person, stop_sharing

SCAN_RULE = UploadRule(extensions=("pdf", "jpg", "jpeg", "png"), max_bytes=5 * 1024 * 1024)


def ensure_consent_texts(*, organisation: Organisation) -> None:
    """The organisation's first consent texts of every kind, generated from its details."""
    for kind, make in GENERATORS.items():
        if not ConsentText.objects.filter(organisation=organisation, kind=kind).exists():
            title, body = make(organisation)
            # get_or_create: teachers opening their links at once all land here first.
            ConsentText.objects.get_or_create(
                organisation=organisation,
                kind=kind,
                version=1,
                defaults={"title": title, "body": body},
            )


def current_text(*, organisation: Organisation, kind: str) -> ConsentText:
    text = ConsentText.objects.filter(organisation=organisation, kind=kind).order_by("-version")
    found = text.first()
    if found is None:
        ensure_consent_texts(organisation=organisation)
        found = ConsentText.objects.filter(organisation=organisation, kind=kind).latest("version")
    return found


def consent_text_new_version(
    *,
    organisation: Organisation,
    kind: str,
    title: str,
    body: str,
    requires_reconsent: bool = False,
) -> ConsentText:
    """Publish a new version of a consent text. Texts already given are never edited: a change
    is a new version. A text that lacks a part the law asks for (ст. 9 ч. 4, ст. 10.1) or a
    category of the data the product stores is refused, with the list of what is missing."""
    if kind not in ConsentKind.values:
        raise DomainError("Неизвестный вид согласия.")
    missing = missing_parts(kind=kind, body=body, organisation=organisation)
    if missing:
        raise DomainError("Текст не опубликован: " + "; ".join(missing) + ".")
    last = ConsentText.objects.filter(organisation=organisation, kind=kind).order_by("-version")
    number = (last.first().version + 1) if last.exists() else 1
    return ConsentText.objects.create(
        organisation=organisation,
        kind=kind,
        version=number,
        title=title,
        body=body,
        requires_reconsent=requires_reconsent,
    )


def text_by_code(*, organisation: Organisation, code: str) -> ConsentText:
    """The version printed on a paper form, from its code («ds30-ПД-3») as typed or scanned."""
    cleaned = (code or "").strip().upper()
    for text in ConsentText.objects.filter(organisation=organisation).select_related(
        "organisation"
    ):
        if text.code.upper() == cleaned:
            return text
    raise DomainError(f"Версии согласия с кодом «{code}» в организации нет.")


def valid_consent(staff: StaffMember, kind: str = ConsentKind.PROCESSING) -> Consent | None:
    return (
        Consent.objects.filter(staff=staff, kind=kind, withdrawn_at__isnull=True)
        .select_related("text")
        .order_by("-given_at")
        .first()
    )


def has_valid_consent(staff: StaffMember, kind: str = ConsentKind.PROCESSING) -> bool:
    return valid_consent(staff, kind) is not None


def reconsent_version(*, organisation_id: int, kind: str) -> int:
    """The newest version that asks everyone again (0: none does)."""
    newest = (
        ConsentText.objects.filter(
            organisation_id=organisation_id, kind=kind, requires_reconsent=True
        )
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return newest or 0


def is_outdated(consent: Consent) -> bool:
    """A valid consent to a version older than one published «требует повторного согласия»."""
    return consent.text.version < reconsent_version(
        organisation_id=consent.organisation_id, kind=consent.kind
    )


def current_consent(staff: StaffMember, kind: str = ConsentKind.PROCESSING) -> Consent | None:
    """The valid consent under which new data may be stored: not withdrawn, not outdated."""
    consent = valid_consent(staff, kind)
    if consent is None or is_outdated(consent):
        return None
    return consent


def has_current_consent(staff: StaffMember, kind: str = ConsentKind.PROCESSING) -> bool:
    """Whether current_consent() would find one, in one query (asked on every page of a
    questionnaire): a valid consent to a version no older than the newest one that asks
    everyone again. One valid consent per person and kind is a constraint."""
    newest_reconsent = (
        ConsentText.objects.filter(
            organisation_id=OuterRef("organisation_id"), kind=kind, requires_reconsent=True
        )
        .order_by("-version")
        .values("version")[:1]
    )
    return (
        Consent.objects.filter(staff=staff, kind=kind, withdrawn_at__isnull=True)
        .filter(text__version__gte=Coalesce(Subquery(newest_reconsent), 0))
        .exists()
    )


def reconsent_pending(*, organisation: Organisation, kind: str = ConsentKind.PROCESSING):
    """Valid consents given to a version older than the newest re-consent version."""
    version = reconsent_version(organisation_id=organisation.pk, kind=kind)
    return (
        Consent.objects.filter(
            organisation=organisation,
            kind=kind,
            withdrawn_at__isnull=True,
            text__version__lt=version,
        )
        .select_related("staff", "text")
        .order_by("staff__last_name", "staff__first_name")
    )


def _publication_choices(categories, bans: str, conditions: str) -> dict:
    picked = [c for c in PublicationCategory.values if c in set(categories or [])]
    return {
        "publish_categories": picked,
        "publish_bans": (bans or "").strip()[:2000],
        "publish_conditions": (conditions or "").strip()[:2000],
    }


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
    text: ConsentText | None = None,
    categories=None,
    bans: str = "",
    conditions: str = "",
) -> Consent:
    """Record a consent: online to the current text, on paper to the version printed on the
    signed form (`text`). A valid consent that is current and says the same is returned as it
    is; one to an outdated version (re-consent), or a publication consent with other choices,
    is replaced: the old record ends, pointing at the new one, and both stay."""
    if kind not in ConsentKind.values:
        raise DomainError("Неизвестный вид согласия.")
    if channel == ConsentChannel.PAPER:
        if scan is None:
            raise DomainError("Для бумажного согласия загрузите скан подписанного документа.")
        check_upload(scan, SCAN_RULE)
    if text is None:
        text = current_text(organisation=staff.organisation, kind=kind)
    elif text.organisation_id != staff.organisation_id or text.kind != kind:
        raise DomainError("Эта версия текста — не согласие этого вида в организации педагога.")
    choices = _publication_choices(categories, bans, conditions)
    if kind == ConsentKind.PUBLICATION and not choices["publish_categories"]:
        raise DomainError("Отметьте, что можно публиковать, — хотя бы одну категорию данных.")
    if kind != ConsentKind.PUBLICATION:
        choices = {"publish_categories": [], "publish_bans": "", "publish_conditions": ""}
    # Row lock of the person's valid consent: two clicks replace it once.
    existing = (
        Consent.objects.select_for_update()
        .filter(staff=staff, kind=kind, withdrawn_at__isnull=True)
        .select_related("text")
        .first()
    )
    if existing is not None:
        same_choices = all(getattr(existing, name) == value for name, value in choices.items())
        if same_choices and not is_outdated(existing) and existing.text.version >= text.version:
            return existing
    now = timezone.now()
    if existing is not None:
        existing.withdrawn_at = now
        existing.withdrawal_channel = channel
        existing.withdrawal_note = f"Заменено согласием на версию {text.version}"
        existing.save(update_fields=["withdrawn_at", "withdrawal_channel", "withdrawal_note"])
    try:
        with transaction.atomic():
            consent = Consent.objects.create(
                organisation_id=staff.organisation_id,
                staff=staff,
                kind=kind,
                text=text,
                given_at=now,
                channel=channel,
                ip_address=ip_address if channel == ConsentChannel.ONLINE else None,
                user_agent=(user_agent or "")[:500] if channel == ConsentChannel.ONLINE else "",
                scan=scan or "",
                scan_name=original_name(scan) if scan else "",
                recorded_by=recorded_by,
                **choices,
            )
    except IntegrityError:
        # The same consent was recorded a moment ago by another request (a second click, the
        # link open on two devices): the database keeps one valid consent, and that is it.
        found = valid_consent(staff, kind)
        if found is None:
            raise
        return found
    if existing is not None:
        existing.superseded_by = consent
        existing.save(update_fields=["superseded_by"])
    return consent


@transaction.atomic
def consent_withdraw(
    *, staff: StaffMember, kind: str, channel: str, note: str = "", by=None
) -> Consent:
    """Stop processing at once. The consent is marked withdrawn (the fact stays). For
    processing, every record about the person without another legal ground is deleted or
    anonymised in the same transaction (152-ФЗ ст. 21 ч. 5), and the consent keeps a short
    report of what was removed and what was kept and why. The trail's entry of the withdrawal
    is the one entry about her left as it is."""
    consent = (
        Consent.objects.select_for_update()
        .filter(staff=staff, kind=kind, withdrawn_at__isnull=True)
        .first()
    )
    if consent is None:
        raise DomainError("Действующего согласия нет — отзывать нечего.")
    now = timezone.now()
    report = {}
    if kind == ConsentKind.PROCESSING:
        report = erase_person(staff=staff, when=now)
    if kind in (ConsentKind.PROCESSING, ConsentKind.SHARING):
        report["sharing"] = stop_sharing(staff=staff, when=now)
    consent.withdrawn_at = now
    consent.withdrawal_channel = channel
    consent.withdrawal_note = note[:500]
    consent.withdrawal_report = report
    with disable_auditlog():
        consent.save(
            update_fields=[
                "withdrawn_at",
                "withdrawal_channel",
                "withdrawal_note",
                "withdrawal_report",
            ]
        )
    log_withdrawal(consent=consent, channel=channel)
    return consent


def anonymise_person(*, staff: StaffMember, when) -> dict:
    """Erase what the product holds about the person (see erasure.erase_person)."""
    return erase_person(staff=staff, when=when)


def reconsent_remind(*, organisation: Organisation, staff_ids: list[int] | None = None) -> int:
    """Ask by email everyone (or the chosen people) who has not agreed to the newest version
    that needs re-consent; returns how many letters are queued (people with an address)."""
    pending = reconsent_pending(organisation=organisation)
    if staff_ids is not None:
        pending = pending.filter(staff_id__in=staff_ids)
    ids = [c.staff_id for c in pending if c.staff.email]
    for staff_id in ids:
        enqueue_on_commit("surveys.tasks.send_reconsent_reminder", staff_id)
    return len(ids)


def reconsent_reminder_deliver(*, staff_id: int) -> None:
    """One letter: a new version of the consent text needs her agreement; the link is her
    newest open personal link (the consent page comes first there) or her own page."""
    staff = StaffMember.objects.select_related("organisation").get(pk=staff_id)
    consent = valid_consent(staff)
    if not staff.email or consent is None or not is_outdated(consent):
        return
    invitation = (
        Invitation.objects.filter(
            staff=staff, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )
    if invitation is not None:
        link = settings.SITE_URL + reverse(
            "surveys:fill_consent", args=[token_for(invitation.token_nonce)]
        )
    else:
        link = settings.SITE_URL + reverse("surveys:my_questionnaires")
    context = {
        "staff": staff,
        "organisation": staff.organisation,
        "text": current_text(organisation=staff.organisation, kind=ConsentKind.PROCESSING),
        "link": link,
    }
    make_message("surveys/emails/reconsent", context, [staff.email]).send()
