"""The pairing's papers: the head's order fixing the pairs (5.4), the participants' notices,
the sign-in sheets and the individual development plan."""

from django.utils import timezone

from common import formatting
from common.qr import qr_svg
from common.renderer import Document, render_html, render_pdf
from programme.models.bases import ROSTRUD_LETTER, LabourBasis

from .selectors.orders import notice_letters
from .selectors.plans import printed_rows

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


def programme_genitive(programme) -> str:
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
        "programme_genitive": programme_genitive(programme),
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
    return render_pdf(
        "pairing/documents/order.html", order_context(order), filename=order_filename(order)
    )


def pair_notices_document(order, people=None) -> Document:
    """One sheet per participant telling her of her pair (for those without email, or all):
    `people` are notice ids, None for every notice of the order."""
    letters = notice_letters(order, people)
    return render_pdf(
        "pairing/documents/pair_notices.html",
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
        "pairing/documents/signin_sheets.html",
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


def plan_filename(plan) -> str:
    mentee = plan.membership.mentee.staff.short_name.replace("\u00a0", " ")
    return f"Индивидуальный план — {mentee} (версия {plan.number}).pdf"


def plan_html(plan) -> tuple[str, str]:
    """(filename, HTML) of the plan, for `render_pdfs` (many plans at once: the archive)."""
    return plan_filename(plan), render_html("pairing/documents/plan.html", plan_context(plan))


def plan_document(plan) -> Document:
    """The individual development plan of a mentee, a version as it stands (a draft is marked
    «ПРОЕКТ»)."""
    return render_pdf(
        "pairing/documents/plan.html", plan_context(plan), filename=plan_filename(plan)
    )


# --- A mentor lent to another kindergarten (issue 24, item 4) --------------------------------


def loan_letter_document(loan, pairings) -> Document:
    """The letter «о направлении наставника» for the lending kindergarten's head: both
    organisations, the mentor, and the mentee by her position only — the mentee's name is the
    borrowing kindergarten's data, and she gave no consent to hand it to another operator."""
    home = loan.mentor.programme.organisation
    borrower = loan.programme.organisation
    context = {
        "loan": loan,
        "home": home,
        "borrower": borrower,
        "mentor": loan.mentor.staff,
        "mentee_position": loan.mentee.staff.get_position_display(),
        "pairings": [
            {
                "form": p.get_form_display(),
                "term": formatting.period_ru(p.starts_on, p.ends_on),
            }
            for p in pairings
        ],
        "date": formatting.date_ru(timezone.localdate()),
    }
    mentor = loan.mentor.staff.short_name.replace("\u00a0", " ")
    return render_pdf(
        "pairing/documents/loan_letter.html",
        context,
        filename=f"О направлении наставника — {mentor}.pdf",
    )
