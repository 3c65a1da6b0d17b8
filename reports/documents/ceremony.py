"""The ceremony's papers (7.1–7.2): the invitation letters (one page per guest) and the
certificates / letters of thanks (A4 landscape, one page per award), signed by the head."""

from dataclasses import dataclass

from django.utils import timezone

from common import formatting
from common.renderer import Document, render_pdf
from programme.models import Event, EventGuest, EventInvitee, Programme

from ..models import Award, AwardDocument, NominationKind
from ..selectors import ceremony as selectors

INVITATIONS_FILENAME = "Приглашения на торжественное мероприятие.pdf"
CERTIFICATES_FILENAME = "Грамоты и благодарственные письма.pdf"


def salutation(full_name: str) -> str:
    """«Уважаемая Ирина Николаевна!», «Уважаемый Иван Петрович!»; a name that does not tell
    the gender gets «Здравствуйте, …!» (never a bracketed ending)."""
    parts = " ".join((full_name or "").split()).split(" ")
    called = " ".join(parts[1:]) if len(parts) > 1 else " ".join(parts)
    gender = formatting.gender_of(" ".join(parts))
    if gender is None:
        return f"Здравствуйте, {called}!"
    return f"{formatting.by_gender(gender, 'Уважаемый', 'Уважаемая')} {called}!"


@dataclass(frozen=True)
class Addressee:
    full_name: str
    position: str  # as it is said of her: «воспитатель», «начальник отдела …»
    organisation: str  # a guest's organisation; empty for the kindergarten's own staff
    email: str

    @property
    def name_datv(self) -> str:
        return formatting.name_case(self.full_name, "datv")

    @property
    def position_datv(self) -> str:
        return formatting.position_case(self.position, "datv") if self.position else ""

    @property
    def organisation_gent(self) -> str:
        """«Управления образования …» after the position; a name that does not start with a
        noun («БДОУ …», «Детский сад …») stays as it is, on its own line."""
        return formatting.first_noun_case(self.organisation, "gent") or self.organisation

    @property
    def salutation(self) -> str:
        return salutation(self.full_name)


def invitee_addressee(invitee: EventInvitee) -> Addressee:
    staff = invitee.staff
    return Addressee(
        full_name=staff.full_name,
        position=str(staff.get_position_display()),
        organisation="",
        email=staff.email,
    )


def guest_addressee(guest: EventGuest) -> Addressee:
    return Addressee(
        full_name=" ".join(guest.full_name.split()),
        position=guest.position,
        organisation=guest.organisation_name,
        email=guest.email,
    )


def _head_context(programme: Programme) -> dict:
    head = selectors.signing_head(programme)
    return {
        "head_name": head.name,
        "head_position": head.position,
        "head_signature": formatting.initials_surname(head.name) or formatting.BLANK_SIGNATURE_NAME,
    }


def invitations_context(event: Event, addressees: list[Addressee]) -> dict:
    programme = event.programme
    return {
        "event": event,
        "starts_at": timezone.localtime(event.starts_at),
        "programme": programme,
        "organisation": programme.organisation,
        "letters": addressees,
        **_head_context(programme),
    }


def event_addressees(event: Event) -> list[Addressee]:
    """Everyone invited: the staff first, then the external guests."""
    return [invitee_addressee(i) for i in selectors.invitees(event)] + [
        guest_addressee(g) for g in selectors.guests(event)
    ]


def personal_filename(addressee: Addressee) -> str:
    return f"Приглашение {formatting.initials_surname(addressee.full_name)}.pdf"


def invitations_document(
    event: Event,
    addressees: list[Addressee] | None = None,
    *,
    filename: str = INVITATIONS_FILENAME,
) -> Document:
    """The invitation letters, one page per person (all of the event's by default)."""
    addressees = event_addressees(event) if addressees is None else addressees
    return render_pdf(
        "reports/ceremony/invitations.html",
        invitations_context(event, addressees),
        filename=filename,
    )


# --- certificates and letters of thanks ----------------------------------------------------


@dataclass(frozen=True)
class Certificate:
    award: Award
    title: str  # «Почётная грамота» / «Благодарственное письмо»
    thanks: bool
    name: str  # nominative for a certificate, dative for thanks
    position: str  # likewise
    nomination: str
    pair_note: str  # «в паре с …» for a best pair
    citation: str
    date: str  # «11 ноября 2024 г.» or the blank to fill in


MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def date_words(value) -> str:
    """«11 ноября 2024 г.», or the blank «___» ________ 20__ г. to fill in by hand."""
    if value is None:
        return formatting.BLANK_DATE
    return f"{value.day}\u00a0{MONTHS[value.month - 1]} {value.year}\u00a0г."


def _pair_note(award: Award, mentees_of: dict[int, list[str]]) -> str:
    """«в паре с наставником Ивановой М.И.», «… с наставляемой Петровой Е.П.»,
    «в группе с наставляемыми …»: the other people of an awarded pair."""
    pairing = award.pairing
    if pairing is None:
        return ""
    if award.staff_id != pairing.mentor.staff_id:
        mentor = pairing.mentor.staff.full_name
        return f"в паре с наставником {formatting.short_name_case(mentor, 'ablt')}"
    names = mentees_of.get(pairing.pk, [])
    if not names:
        return ""
    declined = ", ".join(formatting.short_name_case(n, "ablt") for n in names)
    if len(names) > 1:
        return f"в группе с наставляемыми {declined}"
    noun = formatting.by_gender(
        formatting.gender_of(names[0]), "наставляемым ", "наставляемой ", ""
    )
    return f"в паре с {noun}{declined}"


def certificate(award: Award, mentees_of: dict[int, list[str]] | None = None) -> Certificate:
    thanks = award.document == AwardDocument.THANKS
    staff = award.staff
    position = str(staff.get_position_display())
    nomination = award.nomination.title
    if award.nomination.kind != NominationKind.CUSTOM and not nomination:
        nomination = str(award.nomination.get_kind_display())
    return Certificate(
        award=award,
        title="Благодарственное письмо" if thanks else "Почётная грамота",
        thanks=thanks,
        name=formatting.name_case(staff.full_name, "datv") if thanks else staff.full_name,
        position=formatting.position_case(position, "datv") if thanks else position,
        nomination=nomination,
        pair_note=_pair_note(award, mentees_of or {}),
        citation=award.citation.strip(),
        date=date_words(award.awarded_on),
    )


def _mentees_of(awards: list[Award]) -> dict[int, list[str]]:
    """pairing id → the full names of the pair's mentees awarded with it."""
    result: dict[int, list[str]] = {}
    for award in awards:
        if award.pairing_id and award.staff_id != award.pairing.mentor.staff_id:
            result.setdefault(award.pairing_id, []).append(award.staff.full_name)
    return result


def certificates_context(programme: Programme, awards: list[Award]) -> dict:
    mentees_of = _mentees_of(awards)
    return {
        "programme": programme,
        "organisation": programme.organisation,
        "certificates": [certificate(a, mentees_of) for a in awards],
        **_head_context(programme),
    }


def certificates_document(programme: Programme, awards: list[Award] | None = None) -> Document:
    """Every certificate and letter of thanks of the programme, one landscape page each."""
    awards = list(selectors.awards_of(programme)) if awards is None else awards
    return render_pdf(
        "reports/ceremony/certificates.html",
        certificates_context(programme, awards),
        filename=CERTIFICATES_FILENAME,
    )


def certificate_document(award: Award) -> Document:
    """One award's certificate or letter of thanks."""
    programme = award.nomination.programme
    same_pair = (
        list(selectors.awards_of(programme).filter(pairing_id=award.pairing_id))
        if award.pairing_id
        else [award]
    )
    context = certificates_context(programme, same_pair)
    context["certificates"] = [c for c in context["certificates"] if c.award.pk == award.pk]
    kind = "Благодарственное письмо" if award.document == AwardDocument.THANKS else "Грамота"
    return render_pdf(
        "reports/ceremony/certificates.html",
        context,
        filename=f"{kind} {award.staff.short_name.rstrip('.')}.pdf",
    )


def archive_files(programme: Programme) -> list[tuple[str, bytes]]:
    """The ceremony's papers for the year's archive: the certificates and letters of thanks
    (when anyone was awarded) and the invitations (when anyone was invited)."""
    files = []
    awards = list(selectors.awards_of(programme))
    if awards:
        document = certificates_document(programme, awards)
        files.append((document.filename, document.content))
    event = selectors.ceremony_event(programme)
    if event is not None:
        addressees = event_addressees(event)
        if addressees:
            document = invitations_document(event, addressees)
            files.append((document.filename, document.content))
    return files
