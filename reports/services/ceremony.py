"""The ceremony (7.1–7.2): inviting the participants and guests, emailing each invitation once,
the nominations and awards, and recording the ceremony, which closes 7.1 and 7.2."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.mail import make_message
from mentoring.queue import enqueue_on_commit
from pairing.models import Pairing
from programme.exceptions import DomainError
from programme.models import Event, EventGuest, EventInvitee, Programme, StaffMember
from programme.models.events import EventKind
from programme.services import activity_mark_done, event_record_minutes
from programme.validators import NOTE_MAX_LENGTH, check_text_length, normalise_name

from ..documents import ceremony as documents
from ..models import Award, AwardDocument, Nomination, NominationKind
from ..selectors import ceremony as selectors

INVITATION_TASK = "reports.tasks.send_ceremony_invitation"
INVITEE, GUEST = "invitee", "guest"


class CeremonyError(DomainError):
    """A rule of the ceremony said no; the message says why, in Russian."""


def _check_ceremony(event: Event) -> None:
    if event.kind != EventKind.CEREMONY:
        raise CeremonyError("Это событие — не торжественное мероприятие.")


# --- invitations ---------------------------------------------------------------------------


def ceremony_invite(*, event: Event, staff_ids) -> int:
    """Add the chosen people of the organisation to the invitation list (each once: the
    unique constraint); returns how many were added."""
    _check_ceremony(event)
    wanted = set(
        StaffMember.objects.filter(
            pk__in=list(staff_ids), organisation_id=event.programme.organisation_id
        ).values_list("pk", flat=True)
    )
    present = set(event.invitees.values_list("staff_id", flat=True))
    new = wanted - present
    EventInvitee.objects.bulk_create(
        [EventInvitee(event=event, staff_id=pk) for pk in sorted(new)], ignore_conflicts=True
    )
    return len(new)


def ceremony_invite_proposed(*, event: Event) -> int:
    """One click: everyone the programme proposes (participants, curator, head) is invited;
    a head who is not in the staff list comes in as a guest under her name on the card."""
    programme = event.programme
    added = ceremony_invite(
        event=event, staff_ids=[p.staff.pk for p in selectors.proposed_people(programme)]
    )
    if name := selectors.head_missing_from_list(programme, event):
        ceremony_add_guest(
            event=event,
            full_name=name,
            position=programme.organisation.head_position,
        )
        added += 1
    return added


def ceremony_add_guest(
    *,
    event: Event,
    full_name: str,
    organisation_name: str = "",
    position: str = "",
    email: str = "",
) -> EventGuest:
    """An external guest: a partner organisation, the municipality, another kindergarten."""
    _check_ceremony(event)
    full_name = normalise_name(full_name)
    if not full_name:
        raise CeremonyError("Укажите ФИО гостя.")
    # Compared in Python: SQLite's case-insensitive match knows no Cyrillic.
    if full_name.casefold() in {
        n.casefold() for n in event.guests.values_list("full_name", flat=True)
    }:
        raise CeremonyError(f"Гость «{full_name}» уже в списке приглашённых.")
    return EventGuest.objects.create(
        event=event,
        full_name=full_name,
        organisation_name=organisation_name.strip(),
        position=position.strip(),
        email=email.strip(),
    )


def ceremony_remove_invitation(*, event: Event, kind: str, pk: int) -> None:
    _check_ceremony(event)
    if kind == INVITEE:
        event.invitees.filter(pk=pk).delete()
    elif kind == GUEST:
        event.guests.filter(pk=pk).delete()


def invitations_send(*, event: Event) -> int:
    """Queue the invitation letter of everyone on the list with an address who has not been
    sent one; the letters go after the transaction commits. Returns how many were queued."""
    _check_ceremony(event)
    invitees = (
        event.invitees.filter(invited_at__isnull=True)
        .exclude(staff__email="")
        .values_list("pk", flat=True)
    )
    guests = event.guests.filter(invited_at__isnull=True).exclude(email="")
    queued = 0
    for pk in invitees:
        enqueue_on_commit(INVITATION_TASK, INVITEE, pk)
        queued += 1
    for pk in guests.values_list("pk", flat=True):
        enqueue_on_commit(INVITATION_TASK, GUEST, pk)
        queued += 1
    return queued


def invitation_deliver(*, kind: str, pk: int) -> bool:
    """Email one person her invitation (the letter attached as a PDF). The stamp is claimed
    first by a conditional update (… WHERE invited_at IS NULL): a second task for the same
    person, however it came, sends nothing. A failed send gives the claim back."""
    model = EventInvitee if kind == INVITEE else EventGuest
    record = model.objects.select_related("event__programme__organisation").filter(pk=pk).first()
    if record is None:
        return False
    addressee = (
        documents.invitee_addressee(record)
        if kind == INVITEE
        else documents.guest_addressee(record)
    )
    if not addressee.email:
        return False
    claimed = model.objects.filter(pk=pk, invited_at__isnull=True).update(invited_at=timezone.now())
    if not claimed:
        return False
    event = record.event
    try:
        letter = documents.invitations_document(
            event, [addressee], filename=documents.personal_filename(addressee)
        )
        context = {
            **documents.invitations_context(event, [addressee]),
            "addressee": addressee,
        }
        message = make_message("reports/ceremony/emails/invitation", context, [addressee.email])
        message.attach(letter.filename, letter.content, letter.mimetype)
        message.send()
    except Exception:
        model.objects.filter(pk=pk).update(invited_at=None)
        raise
    return True


# --- nominations and awards ----------------------------------------------------------------


@transaction.atomic
def nomination_create(*, programme: Programme, kind: str, title: str = "") -> Nomination:
    """A nomination: one of the usual three under its own name, or the curator's own title."""
    if kind not in NominationKind.values:
        raise CeremonyError("Выберите вид номинации.")
    title = " ".join((title or "").split())
    if kind == NominationKind.CUSTOM and not title:
        raise CeremonyError("Напишите название своей номинации.")
    title = title or str(NominationKind(kind).label)
    titles = Nomination.objects.filter(programme=programme).values_list("title", flat=True)
    if title.casefold() in {t.casefold() for t in titles}:
        raise CeremonyError(f"Номинация «{title}» уже есть.")
    try:
        with transaction.atomic():
            return Nomination.objects.create(programme=programme, kind=kind, title=title)
    except IntegrityError:
        raise CeremonyError(f"Номинация «{title}» уже есть.") from None


def nomination_delete(*, nomination: Nomination) -> None:
    nomination.delete()


def _check_award(*, nomination: Nomination, citation: str, document: str) -> None:
    check_text_length(citation, limit=NOTE_MAX_LENGTH, what="Формулировка")
    if document not in AwardDocument.values:
        raise CeremonyError("Выберите документ: грамота или благодарственное письмо.")


def _award(
    *,
    nomination: Nomination,
    staff: StaffMember,
    pairing: Pairing | None,
    citation: str,
    document: str,
    awarded_on: dt.date | None,
) -> Award:
    if Award.objects.filter(nomination=nomination, staff=staff).exists():
        raise CeremonyError(
            f"{staff.short_name}: уже есть награждение в номинации «{nomination.title}»."
        )
    try:
        with transaction.atomic():
            return Award.objects.create(
                nomination=nomination,
                staff=staff,
                pairing=pairing,
                citation=citation.strip(),
                document=document,
                awarded_on=awarded_on,
            )
    except IntegrityError:  # a double click: the constraint keeps one
        raise CeremonyError(
            f"{staff.short_name}: уже есть награждение в номинации «{nomination.title}»."
        ) from None


@transaction.atomic
def award_create(
    *,
    nomination: Nomination,
    staff: StaffMember,
    citation: str = "",
    document: str = AwardDocument.CERTIFICATE,
    awarded_on: dt.date | None = None,
    pairing: Pairing | None = None,
) -> Award:
    """Award one person in a nomination (the curator decides)."""
    _check_award(nomination=nomination, citation=citation, document=document)
    if staff.organisation_id != nomination.programme.organisation_id:
        raise CeremonyError("Наградить можно только сотрудника этой организации.")
    if pairing is not None and pairing.programme_id != nomination.programme_id:
        raise CeremonyError("Эта пара — не из этой программы.")
    return _award(
        nomination=nomination,
        staff=staff,
        pairing=pairing,
        citation=citation,
        document=document,
        awarded_on=awarded_on,
    )


def _pair_people(pairing: Pairing) -> list[StaffMember]:
    members = list(pairing.members.select_related("mentee__staff").order_by("pk"))
    shown = [m for m in members if m.left_on is None] or [
        m for m in members if pairing.ended_on and m.left_on and m.left_on >= pairing.ended_on
    ]
    return [pairing.mentor.staff] + [m.mentee.staff for m in shown]


@transaction.atomic
def award_pair(
    *,
    nomination: Nomination,
    pairing: Pairing,
    citation: str = "",
    document: str = AwardDocument.CERTIFICATE,
    awarded_on: dt.date | None = None,
    mentor_only: bool = False,
) -> list[Award]:
    """Award a pair: the mentor and each of its mentees (or the mentor alone), each with the
    pair linked. Either all of them are awarded or none."""
    _check_award(nomination=nomination, citation=citation, document=document)
    if pairing.programme_id != nomination.programme_id:
        raise CeremonyError("Эта пара — не из этой программы.")
    people = _pair_people(pairing)
    if mentor_only:
        people = people[:1]
    return [
        _award(
            nomination=nomination,
            staff=person,
            pairing=pairing,
            citation=citation,
            document=document,
            awarded_on=awarded_on,
        )
        for person in people
    ]


def award_delete(*, award: Award) -> None:
    award.delete()


# --- recording the ceremony ----------------------------------------------------------------


@transaction.atomic
def ceremony_record(*, event: Event, minutes: str, event_url: str, certificates_url: str) -> Event:
    """The ceremony held: its minutes recorded (the programme's rule closes 7.2 with the
    event), and, with the awards made, 7.1 closed with the event's invitation list and 7.2
    with the certificates as evidence."""
    _check_ceremony(event)
    programme = event.programme
    awards = Award.objects.filter(nomination__programme=programme).count()
    if not awards:
        raise CeremonyError(
            "Сначала наградите хотя бы одного участника: итоги церемонии записываются с "
            "грамотами и благодарственными письмами."
        )
    invited = event.invitees.count() + event.guests.count()
    if not invited:
        raise CeremonyError("Список приглашённых пуст: пригласите участников и гостей.")
    minutes = (minutes or "").strip()
    if minutes:
        event = event_record_minutes(event=event, minutes=minutes, evidence_url=event_url)
    elif not event.minutes_recorded_at:
        raise CeremonyError("Напишите итоги церемонии (протокол): кто награждён и за что.")
    day = timezone.localdate(event.starts_at)
    activity_mark_done(
        programme=programme,
        code="7.1",
        evidence_url=event_url,
        evidence_label=(f"Приглашения на «{event.title}» от {day:%d.%m.%Y}: приглашено {invited}"),
        on=day,
    )
    activity_mark_done(
        programme=programme,
        code="7.2",
        evidence_url=certificates_url,
        evidence_label=(
            f"«{event.title}» от {day:%d.%m.%Y}: грамоты и благодарственные письма ({awards})"
        ),
        on=day,
    )
    return event
