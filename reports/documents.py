"""The roadmap's printable documents: the plan as the pedagogical council agrees it and the head
approves it, and the 1.1 announcement for the staff room. Each is a template rendered by the one
renderer; the functions here only gather what the template prints."""

import re
from dataclasses import dataclass, field

from django.utils import timezone

from pairing.selectors.orders import notice_letters
from pairing.selectors.pairings import mentor_current_pairings
from pairing.selectors.plans import printed_rows
from programme.models import Activity, Programme, Stage
from programme.models.bases import ROSTRUD_LETTER, LabourBasis
from programme.selectors import roadmap_stages

from . import formatting, selectors
from .qr import qr_svg
from .renderer import Document, render_pdf


@dataclass
class PlanActivity:
    activity: Activity
    period: str
    responsible: list[str]


@dataclass
class PlanStage:
    stage: Stage
    activities: list[PlanActivity] = field(default_factory=list)


def _responsible_lines(activity: Activity) -> list[str]:
    """Positions one per line («Заведующий ДОУ», «Старший воспитатель»), then the people."""
    positions = [p.strip() for p in re.split(r"[,;\n]", activity.responsible_text) if p.strip()]
    lines = [p[0].upper() + p[1:] for p in positions]
    lines += [person.short_name for person in activity.responsible_people.all()]
    return lines


def roadmap_context(programme: Programme) -> dict:
    """Everything the plan prints, in the seed's order: approval block, title, table."""
    organisation = programme.organisation
    stages = [
        PlanStage(
            stage=stage,
            activities=[
                PlanActivity(
                    activity=activity,
                    period=formatting.period_ru(activity.starts_on, activity.due_on),
                    responsible=_responsible_lines(activity),
                )
                for activity in stage.activities.all()
            ],
        )
        for stage in roadmap_stages(programme)
    ]
    return {
        "programme": programme,
        "organisation": organisation,
        "protocol_number": programme.council_protocol_number or formatting.BLANK_NUMBER,
        "protocol_date": formatting.date_or_blank(programme.council_protocol_date),
        "approved_on": formatting.date_or_blank(programme.head_approved_on, suffix=" г."),
        "head_signature": (
            formatting.initials_surname(organisation.head_name) or formatting.BLANK_SIGNATURE_NAME
        ),
        "stages": stages,
    }


def roadmap_document(programme: Programme) -> Document:
    return render_pdf(
        "reports/roadmap.html",
        roadmap_context(programme),
        filename=f"План мероприятий (дорожная карта) на {programme.year} год.pdf",
    )


def announcement_context(programme: Programme) -> dict:
    """The staff-room sheet: what the programme is, the stage 1–2 timetable, whom to ask, and
    a QR code to the public join page."""
    organisation = programme.organisation
    url = selectors.join_url(organisation)
    steps = [
        {
            "code": code,
            "label": label,
            "deadline": activity.deadline_text if activity else "",
            "period": formatting.period_ru(activity.starts_on, activity.due_on) if activity else "",
        }
        for code, label, activity in selectors.announcement_steps(programme)
    ]
    return {
        "programme": programme,
        "organisation": organisation,
        "curator": programme.curator,
        "event": selectors.informing_event(programme),
        "steps": steps,
        "join_url": url,
        "qr": qr_svg(url),
    }


def announcement_document(programme: Programme) -> Document:
    return render_pdf(
        "reports/announcement.html",
        announcement_context(programme),
        filename=f"Объявление о программе наставничества {programme.year}.pdf",
    )


# --- The head's order fixing the pairs (5.4) and the participants' notices -------------------

# A приказ is given with «ПРИКАЗЫВАЮ:». A распоряжение, by office practice (ГОСТ Р 7.0.97 and
# the records-management instructions built on it), opens its operative part with «ОБЯЗЫВАЮ:»
# or «ПРЕДЛАГАЮ:»; the lines of this one bind the staff (plans by a date, monitoring), so
# «ОБЯЗЫВАЮ:».
ORDER_WORDS = {
    "order": {
        "heading": "ПРИКАЗ",
        "operative": "ПРИКАЗЫВАЮ",
        "nominative": "приказ",
        "genitive": "приказа",
        "dative": "приказу",
        "instrumental": "приказом",
    },
    "directive": {
        "heading": "РАСПОРЯЖЕНИЕ",
        "operative": "ОБЯЗЫВАЮ",
        "nominative": "распоряжение",
        "genitive": "распоряжения",
        "dative": "распоряжению",
        "instrumental": "распоряжением",
    },
}
DEFAULT_REGULATION = "Положением о наставничестве педагогических работников организации"


def _regulation_instrumental(text: str) -> str:
    """«Положение о наставничестве …, утв. …» as «В соответствии с» needs it: «Положением …»."""
    text = " ".join((text or "").split())
    if not text:
        return DEFAULT_REGULATION
    declined = formatting.first_noun_case(text, "ablt")  # «Положением …», «Порядком …»
    return declined if declined else f"локальным актом «{text}»"


def _programme_genitive(programme) -> str:
    """«Программа наставничества педагогов на 2024 год» → «программы наставничества педагогов
    на 2024 год»; any other title is quoted."""
    title = " ".join(programme.title.split())
    first, _space, _rest = title.partition(" ")
    declined = (
        formatting.first_noun_case(title, "gent") if first.casefold() == "программа" else None
    )
    text = declined[:1].lower() + declined[1:] if declined else f"программы «{title}»"
    if str(programme.year) not in title:
        text += f" на {programme.year} год"
    return text


def _acknowledgement_people(items, monitor) -> list[dict]:
    """Everyone the order names, once each, in the order they appear; the monitor last."""
    people: dict[int, dict] = {}
    for item in items:
        snapshot = item.snapshot
        for person in [
            snapshot["mentor"],
            *snapshot.get("mentees", []),
            *snapshot.get("joined", []),
            *snapshot.get("left", []),
        ]:
            people.setdefault(person["staff_id"], person)
    if monitor is not None:
        people.setdefault(
            monitor.pk,
            {"staff_id": monitor.pk, "name": monitor.full_name, "position": ""},
        )
    return list(people.values())


CONSENT_BASIS = (
    "письменного согласия наставников на осуществление наставничества (статья 351.8 "
    "Трудового кодекса Российской Федерации)"
)
DUTIES_BASIS = "в соответствии с должностными обязанностями ({letter})"
ALL_DUTIES_BASIS = (
    "должностных обязанностей наставников, в трудовую функцию которых входит наставничество "
    "({letter})"
)


def labour_basis_phrase(items) -> str:
    """What the preamble cites for the mentors the order fixes: their written consent (art.
    351.8), and for those whose duties already include mentoring the Роструд letter instead —
    «…(статья 351.8 …), а для Ивановой И.И. — в соответствии с должностными обязанностями
    (письмо Роструда от 02.10.2025 № ТЗ/7300-6-1)». From the lines' snapshots (the fixed and
    changed pairs, else all), so an issued order keeps its words."""
    named = [i for i in items if i.action in ("fix", "change")] or list(items)
    mentors: dict[int, dict] = {}
    for item in named:
        mentor = item.snapshot["mentor"]
        mentors.setdefault(mentor["staff_id"], mentor)
    duties = [m for m in mentors.values() if m.get("labour_basis") == LabourBasis.DUTIES]
    if not duties:
        return CONSENT_BASIS
    if len(duties) == len(mentors):
        return ALL_DUTIES_BASIS.format(letter=ROSTRUD_LETTER)
    names = ", ".join(formatting.short_name_case(m["name"], "gent") for m in duties)
    return f"{CONSENT_BASIS}, а для {names} — {DUTIES_BASIS.format(letter=ROSTRUD_LETTER)}"


def _monitor_accusative(monitor) -> str:
    """«Королёву Ирину Николаевну, старшего воспитателя» as «назначить ответственным …:»
    needs it; the blank line to fill by hand when nobody is chosen."""
    if monitor is None:
        return formatting.BLANK_SIGNATURE_NAME
    name = formatting.name_case(monitor.full_name, "accs")
    position = formatting.position_case(str(monitor.get_position_display()), "accs")
    return f"{name}, {position}" if position else name


def end_basis(snapshot: dict) -> str:
    """The basis of an early end, each fact once: the reason as written, then the mentor's
    initiative and the 351.8 notice unless the reason already says so."""
    reason = " ".join((snapshot.get("end_reason") or "").split()).rstrip(".")
    parts = [reason] if reason else []
    folded = reason.casefold()
    if snapshot.get("by_mentor") and "инициатив" not in folded:
        parts.append("по инициативе наставника")
    notice_on = snapshot.get("notice_on")
    if notice_on and notice_on not in reason:
        parts.append(
            f"уведомление от {notice_on} (статья 351.8 Трудового кодекса Российской Федерации)"
        )
    return "; ".join(parts)


def _amendment_points(items, words: dict, *, plans_due_on: str, monitor, payments: str):
    """What an amendment orders after its changes, as the main order does for its pairs: the
    plans of the new pairs, their monitoring, the payments to their mentors."""
    fixes = any(item.action == "fix" for item in items)
    joined = any(item.snapshot.get("joined") for item in items)
    changes = fixes or any(item.action == "change" for item in items)
    points = []
    if fixes or joined:
        points.append(
            "Наставникам вновь закреплённых наставляемых совместно с ними в срок до "
            f"{plans_due_on} разработать индивидуальные планы развития под руководством "
            "наставника."
        )
    if changes:
        points.append(
            "Назначить ответственным за мониторинг работы наставнических пар (групп), "
            f"закрепляемых и изменяемых настоящим {words['instrumental']}: "
            f"{_monitor_accusative(monitor)}."
        )
    if fixes:
        points.append(f"Выплаты наставникам вновь закреплённых пар (групп) производить {payments}.")
    return points


def order_context(order) -> dict:
    """Everything the order prints, from the order and its lines' snapshots (the people as
    they stood when the lines were made): heading, preamble, operative part, signature,
    appendix and the acknowledgement sheet."""
    programme = order.programme
    organisation = programme.organisation
    words = ORDER_WORDS.get(order.kind, ORDER_WORDS["order"])
    items = list(order.items.order_by("position", "pk"))
    monitor = order.monitor
    amends = order.amends
    appendix = [item for item in items if item.action in ("fix", "change")]
    for item in items:
        item.basis = end_basis(item.snapshot) if item.action == "end" else ""
    payments = order.payments or "в соответствии с локальным актом организации"
    plans_due_on = formatting.date_or_blank(order.plans_due_on)
    return {
        "order": order,
        "programme": programme,
        "organisation": organisation,
        "is_draft": not order.is_registered,
        "words": words,
        "number": order.number or formatting.BLANK_NUMBER,
        "date": formatting.date_or_blank(order.date),
        "regulation": _regulation_instrumental(order.regulation),
        "programme_genitive": _programme_genitive(programme),
        "plans_due_on": plans_due_on,
        "monitor": monitor,
        "monitor_accusative": _monitor_accusative(monitor),
        "payments": payments,
        "amendment_points": _amendment_points(
            items, words, plans_due_on=plans_due_on, monitor=monitor, payments=payments
        ),
        "amends": amends,
        "amends_kind": (
            ORDER_WORDS.get(amends.kind, ORDER_WORDS["order"])["nominative"] if amends else ""
        ),
        "amends_date": formatting.date_ru(amends.date) if amends else "",
        "items": items,
        "fixes": [item for item in items if item.action == "fix"],
        "changes": [item for item in items if item.action == "change"],
        "ends": [item for item in items if item.action == "end"],
        "completions": [item for item in items if item.action == "complete"],
        "appendix": appendix,
        "new_plans": any(item.action == "fix" or item.snapshot.get("joined") for item in items),
        # The monitor signs the sheet when the order appoints her (an amendment that only ends
        # pairs appoints nobody).
        "people": _acknowledgement_people(items, monitor if not amends or appendix else None),
        "labour_basis": labour_basis_phrase(items),
        "head_signature": (
            formatting.initials_surname(organisation.head_name) or formatting.BLANK_SIGNATURE_NAME
        ),
    }


def order_filename(order) -> str:
    """«Приказ № 45-о от 01.09.2025.pdf», «Проект распоряжения.pdf»."""
    words = ORDER_WORDS.get(order.kind, ORDER_WORDS["order"])
    if order.is_registered or order.number:
        name = f"{words['nominative'].capitalize()} № {order.number or formatting.BLANK_NUMBER}"
        if order.date:
            name += f" от {formatting.date_ru(order.date)}"
        return f"{'' if order.is_registered else 'Проект — '}{name}.pdf"
    return f"Проект {words['genitive']}.pdf"


def order_document(order) -> Document:
    """The order as a PDF: a draft is marked «ПРОЕКТ»; a registered one is rendered once, when
    it is registered, and stored."""
    return render_pdf("reports/order.html", order_context(order), filename=order_filename(order))


def pair_notices_document(order, people=None) -> Document:
    """One sheet per participant telling her of her pair (for those without email, or all):
    `people` are notice ids, None for every notice of the order."""
    letters = notice_letters(order, people)
    return render_pdf(
        "reports/pair_notices.html",
        {
            "order": order,
            "letters": letters,
            "organisation": order.programme.organisation,
        },
        filename=f"Уведомления к {ORDER_WORDS.get(order.kind, ORDER_WORDS['order'])['dative']}"
        f" № {order.number or formatting.BLANK_NUMBER}.pdf",
    )


# --- Stage 6: sign-in sheets and the individual development plan ---------------------------


def signin_sheets_document(organisation, entries) -> Document:
    """One sheet per teacher with her one-time sign-in link as a QR code: `entries` are
    (staff, link, expires_at)."""
    sheets = [
        {"staff": staff, "link": link, "expires_at": expires_at, "qr": qr_svg(link)}
        for staff, link, expires_at in entries
    ]
    return render_pdf(
        "reports/signin_sheets.html",
        {"organisation": organisation, "sheets": sheets},
        filename="Листы входа по ссылке.pdf",
    )


def plan_context(plan) -> dict:
    """The plan as the paper form prints it: header with both people, form and term, the
    deficits, goal and tasks, the table of activities, and the signature lines."""
    membership = plan.membership
    pairing = membership.pairing
    programme = pairing.programme
    return {
        "plan": plan,
        "pairing": pairing,
        "programme": programme,
        "organisation": programme.organisation,
        "mentor": pairing.mentor.staff,
        "mentee": membership.mentee.staff,
        "term": formatting.period_ru(pairing.starts_on, pairing.ends_on),
        "rows": printed_rows(plan),
        "curator": programme.curator,
        "approved_on": formatting.date_or_blank(
            timezone.localdate(plan.approved_at) if plan.approved_at else None, suffix=" г."
        ),
        "blank_date": formatting.BLANK_DATE,
    }


def plan_document(plan) -> Document:
    """The individual development plan of a mentee, a version as it stands (a draft is marked
    «ПРОЕКТ»)."""
    mentee = plan.membership.mentee.staff.short_name.replace("\u00a0", " ")
    return render_pdf(
        "reports/plan.html",
        plan_context(plan),
        filename=f"Индивидуальный план — {mentee} (версия {plan.number}).pdf",
    )


# --- Russian word forms for the 351.8 papers (the shared helper in reports/formatting.py) ---


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
        "programme_genitive": _programme_genitive(programme),
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
