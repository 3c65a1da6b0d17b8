"""The individual development plan: the mentor drafts it (the header prefilled from the
mentee's requests), the mentee comments, the curator approves. An approved version is never
edited in place: a change starts a new version that copies it, and approving that one replaces
it while the old stays as it was approved. Done marks and evidence are the plan being carried
out: they go on the version in force and follow it into the next version."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from programme.exceptions import DomainError
from programme.models import MenteeProfile, StaffMember, User
from programme.uploads import UploadRule, check_upload, original_name
from programme.validators import (
    NOTE_MAX_LENGTH,
    check_safe_url,
    check_sane_date,
    check_text_length,
)

from ..models import (
    Membership,
    PairingStatus,
    Plan,
    PlanActivity,
    PlanActivityKind,
    PlanComment,
    PlanResponsible,
    PlanStatus,
)
from ..models.plans import OPEN_PLAN_STATUSES
from .roadmap import pair_work_roadmap_close

# The same documents and photos as event attachments and training materials.
PLAN_EVIDENCE_RULE = UploadRule(
    extensions=("pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "odt", "jpg", "jpeg", "png"),
    max_bytes=10 * 1024 * 1024,
)
APPROVED_READ_ONLY = (
    "Утверждённый план не меняется: создайте новую версию — текущая останется такой, какой "
    "её утвердили."
)
WORKING_STATUSES = (PairingStatus.CONFIRMED, PairingStatus.ACTIVE)


def deficits_text(mentee: MenteeProfile) -> str:
    """The mentee's requests from the base, by priority: «Работа с родителями (высокий)»."""
    lines = []
    for request in mentee.requests.select_related("competency").order_by("priority", "pk"):
        line = f"{request.competency.name} (приоритет: {request.get_priority_display()})"
        if request.note:
            line += f" — {request.note}"
        lines.append(line)
    return "\n".join(lines)


def _check_editable(plan: Plan) -> None:
    if plan.status == PlanStatus.APPROVED:
        raise DomainError(APPROVED_READ_ONLY)
    if plan.status == PlanStatus.SUPERSEDED:
        raise DomainError("Это прежняя версия плана: она хранится как была утверждена.")


def _locked(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _check_texts(**texts: str) -> None:
    labels = {"deficits": "Дефициты", "goal": "Цель", "tasks": "Задачи", "content": "Содержание"}
    for name, value in texts.items():
        check_text_length(value, limit=NOTE_MAX_LENGTH, what=labels.get(name, name))


@transaction.atomic
def plan_create(*, membership: Membership, by: User | None) -> Plan:
    """The first version of a mentee's plan, as a draft with her deficits prefilled."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("pairing", "mentee__staff")
        .get(pk=membership.pk)
    )
    if membership.left_on is not None:
        raise DomainError(f"{membership.mentee.staff.short_name} уже не в этой паре.")
    if membership.pairing.status not in WORKING_STATUSES:
        raise DomainError(
            f"План составляют для действующей пары; эта — "
            f"«{membership.pairing.get_status_display()}»."
        )
    if membership.plans.exists():
        raise DomainError("План уже есть: откройте его.")
    try:
        with transaction.atomic():
            return Plan.objects.create(
                membership=membership,
                number=1,
                deficits=deficits_text(membership.mentee),
                created_by=by,
            )
    except IntegrityError:
        raise DomainError("План уже есть: откройте его.") from None


@transaction.atomic
def plan_update(*, plan: Plan, deficits: str, goal: str, tasks: str) -> Plan:
    """The header of a draft: deficits, goal, tasks."""
    plan = _locked(plan)
    _check_editable(plan)
    _check_texts(deficits=deficits, goal=goal, tasks=tasks)
    plan.deficits, plan.goal, plan.tasks = deficits.strip(), goal.strip(), tasks.strip()
    plan.save(update_fields=["deficits", "goal", "tasks", "updated_at"])
    return plan


def _check_row(content: str, kind: str, responsible: str, starts_on, due_on) -> str:
    content = (content or "").strip()
    if not content:
        raise DomainError("Опишите мероприятие.")
    _check_texts(content=content)
    if kind not in PlanActivityKind.values:
        raise DomainError("Выберите форму мероприятия из списка.")
    if responsible not in PlanResponsible.values:
        raise DomainError("Выберите ответственного.")
    check_sane_date(starts_on, what="Срок «с»")
    check_sane_date(due_on, what="Срок «до»")
    if starts_on and due_on and due_on < starts_on:
        raise DomainError("Срок «до» раньше срока «с».")
    return content


@transaction.atomic
def plan_activity_save(
    *,
    plan: Plan,
    activity: PlanActivity | None = None,
    content: str,
    kind: str,
    starts_on: dt.date | None,
    due_on: dt.date | None,
    responsible: str,
) -> PlanActivity:
    """Add a row to a draft, or change one of its rows."""
    plan = _locked(plan)
    _check_editable(plan)
    content = _check_row(content, kind, responsible, starts_on, due_on)
    if activity is None:
        last = plan.activities.order_by("-position").values_list("position", flat=True).first()
        activity = PlanActivity(plan=plan, position=(last or 0) + 1)
    elif activity.plan_id != plan.pk:
        raise DomainError("Это мероприятие другого плана.")
    activity.content = content
    activity.kind = kind
    activity.starts_on = starts_on
    activity.due_on = due_on
    activity.responsible = responsible
    activity.save()
    return activity


@transaction.atomic
def plan_activity_delete(*, activity: PlanActivity) -> None:
    plan = _locked(activity.plan)
    _check_editable(plan)
    activity.delete()


@transaction.atomic
def plan_activity_mark(
    *,
    activity: PlanActivity,
    done_on: dt.date | None,
    evidence_file=None,
    evidence_url: str = "",
    clear_file: bool = False,
    today: dt.date | None = None,
) -> PlanActivity:
    """The done mark with its date and the evidence (a checked file, or an http(s) link) on
    the version the pair works by. An old, replaced version keeps its marks as they were."""
    plan = _locked(activity.plan)
    if plan.status == PlanStatus.SUPERSEDED:
        raise DomainError("Это прежняя версия плана: отметки ставят в действующей версии.")
    check_sane_date(done_on, what="Дата выполнения")
    today = today or timezone.localdate()
    if done_on and done_on > today:
        raise DomainError("Дата выполнения не может быть в будущем.")
    evidence_url = check_safe_url(evidence_url)
    if evidence_file is not None:
        check_upload(evidence_file, PLAN_EVIDENCE_RULE)
        activity.evidence_name = original_name(evidence_file)
        activity.evidence_file = evidence_file
    elif clear_file:
        activity.evidence_file = ""
        activity.evidence_name = ""
    activity.done_on = done_on
    activity.evidence_url = evidence_url
    activity.save()
    return activity


@transaction.atomic
def plan_submit(*, plan: Plan) -> Plan:
    """The mentor sends the draft to the curator."""
    plan = _locked(plan)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(
            f"Отправить на согласование можно черновик; этот план — «{plan.get_status_display()}»."
        )
    if not plan.goal.strip():
        raise DomainError("Укажите цель плана.")
    if not plan.activities.exists():
        raise DomainError("Добавьте в план хотя бы одно мероприятие.")
    plan.status = PlanStatus.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    return plan


def _comment(plan: Plan, by: User | None, author: StaffMember | None, text: str) -> PlanComment:
    name = author.short_name if author else (by.get_full_name() or by.username if by else "")
    return PlanComment.objects.create(
        plan=plan, author=by, author_staff=author, author_name=name[:200], text=text
    )


@transaction.atomic
def plan_return(*, plan: Plan, by: User, author: StaffMember | None = None, comment: str) -> Plan:
    """The curator sends the plan back to the mentor, saying what to change."""
    plan = _locked(plan)
    if plan.status != PlanStatus.SUBMITTED:
        raise DomainError("Вернуть на доработку можно план, отправленный на согласование.")
    comment = (comment or "").strip()
    if not comment:
        raise DomainError("Напишите, что исправить.")
    check_text_length(comment, limit=NOTE_MAX_LENGTH, what="Комментарий")
    _comment(plan, by, author, comment)
    plan.status = PlanStatus.DRAFT
    plan.save(update_fields=["status", "updated_at"])
    return plan


def _carry_marks(new: Plan, old: Plan | None) -> None:
    """Marks made on the version in force while the new one was drafted follow the rows the new
    version copied."""
    if old is None:
        return
    marked = {a.pk: a for a in old.activities.filter(done_on__isnull=False)}
    for activity in new.activities.filter(source_id__in=list(marked), done_on__isnull=True):
        source = marked[activity.source_id]
        activity.done_on = source.done_on
        activity.evidence_url = activity.evidence_url or source.evidence_url
        if not activity.evidence_file and source.evidence_file:
            activity.evidence_file = source.evidence_file.name
            activity.evidence_name = source.evidence_name
        activity.save()


@transaction.atomic
def plan_approve(*, plan: Plan, by: User) -> Plan:
    """The curator approves the plan sent to her; the version it replaces is kept, marked
    replaced."""
    plan = _locked(plan)
    if plan.status != PlanStatus.SUBMITTED:
        raise DomainError("Утвердить можно план, отправленный наставником на согласование.")
    now = timezone.now()
    previous = (
        Plan.objects.select_for_update()
        .filter(membership_id=plan.membership_id, status=PlanStatus.APPROVED)
        .first()
    )
    if previous is not None:
        previous.status = PlanStatus.SUPERSEDED
        previous.superseded_at = now
        previous.save(update_fields=["status", "superseded_at", "updated_at"])
        _carry_marks(plan, previous)
    plan.status = PlanStatus.APPROVED
    plan.approved_at = now
    plan.approved_by = by
    plan.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    pair_work_roadmap_close(programme=plan.membership.pairing.programme)
    return plan


@transaction.atomic
def plan_new_version(*, plan: Plan, by: User | None) -> Plan:
    """A new draft copying the approved version (header and rows with their marks); the
    approved one stays in force until the new one is approved."""
    plan = _locked(plan)
    if plan.status != PlanStatus.APPROVED:
        raise DomainError("Новую версию создают из утверждённого плана.")
    if Plan.objects.filter(
        membership_id=plan.membership_id, status__in=OPEN_PLAN_STATUSES
    ).exists():
        raise DomainError("Новая версия уже создана: продолжите её.")
    last = Plan.objects.filter(membership_id=plan.membership_id).order_by("-number").first()
    try:
        with transaction.atomic():
            new = Plan.objects.create(
                membership_id=plan.membership_id,
                number=last.number + 1,
                deficits=plan.deficits,
                goal=plan.goal,
                tasks=plan.tasks,
                created_by=by,
            )
    except IntegrityError:
        raise DomainError("Новая версия уже создана: продолжите её.") from None
    PlanActivity.objects.bulk_create(
        PlanActivity(
            plan=new,
            position=a.position,
            content=a.content,
            kind=a.kind,
            starts_on=a.starts_on,
            due_on=a.due_on,
            responsible=a.responsible,
            done_on=a.done_on,
            evidence_file=a.evidence_file.name if a.evidence_file else "",
            evidence_name=a.evidence_name,
            evidence_url=a.evidence_url,
            source=a,
        )
        for a in plan.activities.order_by("position", "pk")
    )
    return new


def plan_comment(
    *, plan: Plan, by: User | None, author: StaffMember | None = None, text: str
) -> PlanComment:
    """A remark on a version (the mentee's first of all). `author` is the staff card of who
    writes: her comments go when she withdraws her consent."""
    text = (text or "").strip()
    if not text:
        raise DomainError("Комментарий пустой.")
    check_text_length(text, limit=NOTE_MAX_LENGTH, what="Комментарий")
    return _comment(plan, by, author, text)
