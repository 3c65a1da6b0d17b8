"""Cases (7.5): made once per pair, prefilled from its records, edited by the curator, moved
черновик → готов → опубликован. Publishing asks every participant's publication consent
(152-ФЗ ст. 10.1); a case ready or published closes 7.5 with the cases list as evidence."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from common.formatting import count_ru, date_ru
from pairing.models import MeetingAttachment, Pairing, PlanActivity
from programme.exceptions import DomainError
from programme.services import activity_mark_done
from programme.validators import NOTE_MAX_LENGTH, check_safe_url

from ..models import Case, CaseMaterial, CaseStatus
from ..selectors import cases as selectors
from ..selectors.public import (
    MENTEE_ROLE,
    MENTOR_ROLE,
    WORKED,
    public_person,
    publication_permissions,
)


class CaseError(DomainError):
    """A rule of the cases said no."""


class CaseExists(CaseError):
    """The pair has its case already."""


class CasePairNotWorked(CaseError):
    """The pair never worked (proposed or only confirmed): there is nothing to write up."""


class CaseTransitionRefused(CaseError):
    """That status does not follow from this one."""


class CasePublishRefused(CaseError):
    """A participant's publication consent does not allow it."""


class CaseMaterialError(CaseError):
    """The material is not the pair's, is chosen already, or the link is not safe."""


# Which status may follow which: a case is made ready before it is published, and may go back.
TRANSITIONS = {
    CaseStatus.DRAFT: {CaseStatus.READY},
    CaseStatus.READY: {CaseStatus.DRAFT, CaseStatus.PUBLISHED},
    CaseStatus.PUBLISHED: {CaseStatus.READY},
}
TEXT_FIELDS = ("participants", "problem", "goal", "what_was_done", "results", "lessons")


def _limit(text: str) -> str:
    text = text.strip()
    return text if len(text) <= NOTE_MAX_LENGTH else text[: NOTE_MAX_LENGTH - 1] + "…"


def _participants(sources) -> str:
    """One line per person, named and with a position only as her consent allows."""
    pairing = sources.pairing
    people = [(pairing.mentor.staff, MENTOR_ROLE)]
    people += [(m.mentee.staff, MENTEE_ROLE) for m in sources.members]
    permissions = publication_permissions(
        [staff.pk for staff, _role in people], organisation_id=pairing.programme.organisation_id
    )
    lines = [
        public_person(staff, role, permissions.get(staff.pk, frozenset())).label
        for staff, role in people
    ]
    lines.append(f"Форма наставничества: {pairing.get_form_display()}.")
    return "\n".join(lines)


def _problem(sources) -> str:
    competencies = list(dict.fromkeys(r.competency.name for r in sources.requests))
    parts = []
    if competencies:
        parts.append(
            "Профессиональные дефициты (запросы наставляемого): " + "; ".join(competencies) + "."
        )
    deficits = [p.deficits.strip() for p in sources.plans if p.deficits.strip()]
    for text in dict.fromkeys(deficits):
        if not competencies or text not in parts[0]:
            parts.append(f"Из индивидуального плана развития: {text}")
    return "\n".join(parts)


def _goal(sources) -> str:
    goals = dict.fromkeys(p.goal.strip() for p in sources.plans if p.goal.strip())
    tasks = dict.fromkeys(p.tasks.strip() for p in sources.plans if p.tasks.strip())
    text = "\n".join(goals)
    if tasks:
        text += ("\n" if text else "") + "Задачи: " + "\n".join(tasks)
    return text


def _what_was_done(sources) -> str:
    lines = []
    if sources.activities:
        done = sum(1 for a in sources.activities if a.done_on)
        lines.append(
            f"Мероприятия индивидуального плана (выполнено {done} из {len(sources.activities)}):"
        )
        for activity in sources.activities:
            mark = f", выполнено {date_ru(activity.done_on)}" if activity.done_on else ""
            lines.append(f"— {activity.content} ({activity.get_kind_display()}{mark})")
    if sources.meetings:
        lines.append(
            "Встречи пары: проведено "
            + count_ru(len(sources.meetings), "встреча", "встречи", "встреч")
            + ":"
        )
        for meeting in sources.meetings:
            day = date_ru(timezone.localtime(meeting.starts_at).date())
            lines.append(f"— {day}, {meeting.get_kind_display()}: {meeting.topic}")
    return "\n".join(lines)


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _results(sources) -> str:
    lines = []
    outcome = sources.outcome
    if outcome is not None:
        lines.append(f"Цель наставничества {outcome.get_result_display()}.")
        if outcome.conclusion.strip():
            lines.append(outcome.conclusion.strip())
    if sources.deltas:
        lines.append("Оценка по параметрам (входная → итоговая, средний балл):")
        for delta in sources.deltas:
            sign = "+" if delta.change > 0 else ""
            lines.append(
                f"— {delta.parameter}: {_number(delta.before)} → {_number(delta.after)} "
                f"({sign}{_number(delta.change)})"
            )
    if sources.feedback:
        lines.append(
            "Обратная связь пары (средние баллы): "
            + ", ".join(f"{label} — {_number(value)}" for label, value in sources.feedback.items())
            + "."
        )
    return "\n".join(lines)


def _title(sources) -> str:
    first = sources.requests[0].competency.name if sources.requests else ""
    form = sources.pairing.get_form_display()
    return f"Наставничество «{form}»" + (f": {first}" if first else "")


def case_prefill(*, pairing: Pairing) -> dict[str, str]:
    """The case's texts from the pair's records."""
    sources = selectors.case_sources(pairing)
    return {
        "title": _title(sources)[:300],
        "participants": _limit(_participants(sources)),
        "problem": _limit(_problem(sources)),
        "goal": _limit(_goal(sources)),
        "what_was_done": _limit(_what_was_done(sources)),
        "results": _limit(_results(sources)),
    }


def case_create_from_pairing(*, pairing: Pairing) -> Case:
    """The pair's case, prefilled: participants (as each publication consent allows), the
    problem from the mentee's requests, the plan's goal, the plan rows and meetings held, the
    outcome, assessment deltas and feedback means. One per pair (a database rule)."""
    if pairing.status not in WORKED:
        raise CasePairNotWorked(
            "Кейс пишется по паре, которая работала: эта пара ещё не закреплена приказом."
        )
    if Case.objects.filter(pairing=pairing).exists():
        raise CaseExists("У этой пары кейс уже есть — откройте его в списке кейсов.")
    texts = case_prefill(pairing=pairing)
    try:
        with transaction.atomic():
            return Case.objects.create(programme=pairing.programme, pairing=pairing, **texts)
    except IntegrityError:
        raise CaseExists("У этой пары кейс уже есть — откройте его в списке кейсов.") from None


def case_update(*, case: Case, title: str, **texts: str) -> Case:
    """The curator's edit. A published case goes back to «готов»: what is public is what was
    checked against the consents."""
    if not title.strip():
        raise CaseError("Укажите название кейса.")
    case.title = title.strip()[:300]
    for name in TEXT_FIELDS:
        if name in texts:
            setattr(case, name, _limit(texts[name] or ""))
    fields = ["title", *[n for n in TEXT_FIELDS if n in texts], "updated_at"]
    if case.status == CaseStatus.PUBLISHED:
        problems = selectors.publish_problems(case)
        if problems:
            case.status = CaseStatus.READY
            case.published_at = None
            fields += ["status", "published_at"]
    case.save(update_fields=fields)
    return case


def cases_roadmap_close(*, programme) -> bool:
    """7.5 is done once a case is ready or published; the cases list proves it."""
    count = selectors.programme_case_count(programme, [CaseStatus.READY, CaseStatus.PUBLISHED])
    if not count:
        return False
    activity_mark_done(
        programme=programme,
        code="7.5",
        evidence_url=reverse("reports:case_list", args=[programme.pk]),
        evidence_label="Кейсы наставнических пар: " + count_ru(count, "кейс", "кейса", "кейсов"),
    )
    return True


@transaction.atomic
def case_set_status(*, case: Case, status: str) -> Case:
    """Move the case on (or back). Publishing needs every participant's valid publication
    consent allowing her case text (and her name, where the text names her)."""
    case = Case.objects.select_for_update().select_related("programme").get(pk=case.pk)
    if status not in CaseStatus.values:
        raise CaseTransitionRefused("Неизвестный статус кейса.")
    if status == case.status:
        return case
    if status not in TRANSITIONS[CaseStatus(case.status)]:
        raise CaseTransitionRefused(
            f"Кейс со статусом «{case.get_status_display()}» нельзя перевести в статус "
            f"«{CaseStatus(status).label}»: сначала отметьте его готовым."
        )
    if status == CaseStatus.PUBLISHED:
        problems = selectors.publish_problems(selectors.case_of(case.programme, case.pk))
        if problems:
            raise CasePublishRefused(
                "Кейс нельзя опубликовать без согласия участников на распространение "
                "персональных данных (ст. 10.1 152-ФЗ). " + " ".join(problems)
            )
        case.published_at = timezone.now()
    elif case.status == CaseStatus.PUBLISHED:
        case.published_at = None
    case.status = status
    case.save(update_fields=["status", "published_at", "updated_at"])
    if status in (CaseStatus.READY, CaseStatus.PUBLISHED):
        cases_roadmap_close(programme=case.programme)
    return case


def _next_order(case: Case) -> int:
    last = case.materials.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


def case_material_add(
    *,
    case: Case,
    plan_activity_id: int | None = None,
    attachment_id: int | None = None,
    url: str = "",
    title: str = "",
) -> CaseMaterial:
    """One material: an evidence file of this pair (a plan row's or a meeting's) or a safe
    link with its title."""
    title = (title or "").strip()[:300]
    fields: dict = {}
    if plan_activity_id:
        activity = (
            PlanActivity.objects.filter(
                pk=plan_activity_id, plan__membership__pairing_id=case.pairing_id
            )
            .exclude(evidence_file="")
            .first()
        )
        if activity is None:
            raise CaseMaterialError("Такого файла подтверждения у этой пары нет.")
        fields = {"plan_activity": activity}
        title = title or activity.evidence_name or activity.content[:300]
    elif attachment_id:
        attachment = MeetingAttachment.objects.filter(
            pk=attachment_id, meeting__pairing_id=case.pairing_id
        ).first()
        if attachment is None:
            raise CaseMaterialError("Такого файла встречи у этой пары нет.")
        fields = {"meeting_attachment": attachment}
        title = title or attachment.name
    else:
        if not (url or "").strip():
            raise CaseMaterialError("Выберите файл пары или укажите ссылку.")
        try:
            fields = {"url": check_safe_url(url.strip())}
        except DomainError as error:
            raise CaseMaterialError(str(error)) from None
        if not title:
            raise CaseMaterialError("Укажите название материала по ссылке.")
    try:
        with transaction.atomic():
            return CaseMaterial.objects.create(
                case=case, title=title[:300], order=_next_order(case), **fields
            )
    except IntegrityError:
        raise CaseMaterialError("Этот файл уже выбран в материалы кейса.") from None


def case_material_remove(*, material: CaseMaterial) -> None:
    material.delete()
