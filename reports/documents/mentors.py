"""The mentor's papers under art. 351.8 of the Labour Code: the written consent and the
addendum to the employment contract."""

from common import formatting
from common.renderer import Document, render_pdf
from pairing.documents import programme_genitive
from pairing.selectors.pairings import mentor_current_pairings
from programme.models.bases import ROSTRUD_LETTER, LabourBasis

# --- Russian word forms for the 351.8 papers (the shared helper in common/formatting.py) ---


def is_female(full_name: str) -> bool:
    """From the patronymic (then the first name): «Ирина Николаевна» → True."""
    return formatting.gender_of(full_name) == formatting.FEMALE


def _lower_first(text: str) -> str:
    """«Заведующего» in the middle of a sentence: «в лице заведующего …»."""
    return text[:1].lower() + text[1:]


def initials_surname_case(full_name: str, case: str) -> str:
    """«Синицына Светлана Викторовна» → «С.В. Синицыной» (dative, a signature or an address)."""
    parts = full_name.split()
    if not parts:
        return ""
    surname = formatting.name_case(full_name, case).split()[0]
    return f"{''.join(f'{p[0]}.' for p in parts[1:3])} {surname}".strip()


# --- The mentor's 351.8 papers: the written consent and the addendum -----------------------

DEFAULT_MENTORING_CONTENT = (
    "оказание наставляемому (наставляемым) помощи в профессиональной адаптации, освоении "
    "трудовых функций и развитии профессиональных компетенций: совместная разработка и "
    "реализация индивидуального плана развития, консультации, посещение и анализ занятий, "
    "проведение встреч наставнической пары (группы)"
)
DEFAULT_MENTORING_PAY = "в соответствии с Положением об оплате труда (локальным актом) организации"


def _blank_term() -> str:
    return f"с {formatting.BLANK_DATE} по {formatting.BLANK_DATE}"


def _mentor_term(mentor, pairings) -> str:
    if mentor.addendum_term.strip():
        return mentor.addendum_term.strip()
    starts = [p.starts_on for p in pairings if p.starts_on]
    ends = [p.ends_on for p in pairings if p.ends_on]
    term = formatting.period_ru(min(starts) if starts else None, max(ends) if ends else None)
    return term or _blank_term()


def _mentor_form(mentor, pairings) -> str:
    if mentor.addendum_form:
        return str(mentor.get_addendum_form_display())
    forms = dict.fromkeys(str(p.get_form_display()) for p in pairings)
    return ", ".join(forms) or formatting.BLANK_SIGNATURE_NAME


def _mentor_pay(mentor, pairings) -> str:
    if mentor.addendum_pay.strip():
        return mentor.addendum_pay.strip()
    orders = [p.fixed_by for p in pairings if p.fixed_by_id and p.fixed_by.payments]
    return orders[-1].payments if orders else DEFAULT_MENTORING_PAY


def mentor_papers_context(mentor) -> dict:
    """What the mentor's consent and addendum print, from her card and her current pairings:
    the organisation and its head (declined for «в лице …» and «Заведующему …»), the mentor,
    the mentees with positions, the term, the form, the content and the pay (the card's
    addendum terms first, then the pairings and the order)."""
    staff = mentor.staff
    programme = mentor.programme
    organisation = programme.organisation
    pairings = mentor_current_pairings(mentor)
    mentees = [m.mentee.staff for p in pairings for m in p.current]
    head = " ".join(organisation.head_name.split())
    head_position = organisation.head_position or "Заведующий"
    female = is_female(staff.full_name)
    head_female = is_female(head) if head else False
    return {
        "mentor": mentor,
        "staff": staff,
        "position": str(staff.get_position_display()),
        "position_gent": formatting.position_case(str(staff.get_position_display()), "gent"),
        "name_gent": formatting.name_case(staff.full_name, "gent"),
        "female": female,
        "programme": programme,
        "programme_genitive": programme_genitive(programme),
        "organisation": organisation,
        "head_name": head,
        "head_position": head_position,
        "head_position_gent": _lower_first(formatting.position_case(head_position, "gent")),
        "head_position_datv": formatting.position_case(head_position, "datv").capitalize(),
        "head_gent": formatting.name_case(head, "gent")
        if head
        else formatting.BLANK_SIGNATURE_NAME,
        "head_datv": (
            initials_surname_case(head, "datv") if head else formatting.BLANK_SIGNATURE_NAME
        ),
        "head_female": head_female,
        "head_signature": formatting.initials_surname(head) or formatting.BLANK_SIGNATURE_NAME,
        "mentor_signature": formatting.initials_surname(staff.full_name),
        "mentees": mentees,
        "pairings": pairings,
        "term": _mentor_term(mentor, pairings),
        "form": _mentor_form(mentor, pairings),
        "content": mentor.addendum_content.strip() or DEFAULT_MENTORING_CONTENT,
        "pay": _mentor_pay(mentor, pairings),
        "duties": mentor.labour_basis == LabourBasis.DUTIES,
        "duties_note": mentor.labour_duties_note,
        "rostrud_letter": ROSTRUD_LETTER,
        "blank_date": formatting.BLANK_DATE,
        "blank_number": formatting.BLANK_NUMBER,
    }


def mentor_consent_document(mentor) -> Document:
    """«Согласие на осуществление наставничества» (ст. 351.8 ТК РФ), to sign by the mentor."""
    return render_pdf(
        "reports/mentor_consent.html",
        mentor_papers_context(mentor),
        filename=f"Согласие на наставничество {mentor.staff.short_name.rstrip('.')}.pdf",
    )


def mentor_addendum_document(mentor) -> Document:
    """«Дополнительное соглашение к трудовому договору» on mentoring: content, mentees, term,
    form and pay, signed by the mentor and the head."""
    return render_pdf(
        "reports/mentor_addendum.html",
        mentor_papers_context(mentor),
        filename=(
            f"Дополнительное соглашение о наставничестве {mentor.staff.short_name.rstrip('.')}.pdf"
        ),
    )
