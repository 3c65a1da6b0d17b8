"""Creating a programme with its roadmap, copying it to the next year, updating activities."""

import calendar
import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ..catalogue import DEFAULT_COMPETENCIES, STAGES
from ..exceptions import DomainError
from ..models import (
    Activity,
    Competency,
    Organisation,
    Programme,
    StaffMember,
    Stage,
    User,
)
from ..models.bases import MentorStatus
from ..models.org import Role
from ..models.roadmap import ActivityStatus, MentoringForm
from ..validators import NOTE_MAX_LENGTH, check_safe_url, check_sane_date, check_text_length
from .bases import mentors_carry_over

MONTHS_GENITIVE = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}
_WEEK_RE = re.compile(r"(\d)\s*-?\s*(?:я\s+)?недел[яи]\s+(\w+)", re.IGNORECASE)


def deadline_to_date(text: str, year: int) -> dt.date | None:
    """«2 неделя февраля» in 2024 → the last day of that week (14.02.2024); else None."""
    match = _WEEK_RE.search(text or "")
    if not match:
        return None
    week, month_word = int(match.group(1)), match.group(2).lower()
    month = MONTHS_GENITIVE.get(month_word)
    if month is None or not 1 <= week <= 5:
        return None
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(week * 7, last_day))


def _validate_forms(forms: list[str]) -> list[str]:
    known = set(MentoringForm.values)
    unknown = [f for f in forms if f not in known]
    if unknown:
        raise DomainError(f"Неизвестная форма наставничества: {', '.join(unknown)}.")
    return list(dict.fromkeys(forms))


def _create_roadmap(programme: Programme) -> None:
    stages = Stage.objects.bulk_create(
        Stage(
            programme=programme,
            number=spec.number,
            title=spec.title,
            goal=spec.goal,
            task=spec.task,
            result=spec.result,
        )
        for spec in STAGES
    )
    activities = []
    for stage, spec in zip(stages, STAGES, strict=True):
        for index, activity in enumerate(spec.activities, start=1):
            activities.append(
                Activity(
                    programme=programme,
                    stage=stage,
                    code=activity.code,
                    order=spec.number * 100 + index,
                    title=activity.title,
                    deadline_text=activity.deadline,
                    due_on=deadline_to_date(activity.deadline, programme.year),
                    responsible_text=activity.responsible,
                )
            )
    Activity.objects.bulk_create(activities)


def ensure_default_competencies(*, organisation: Organisation) -> None:
    """The shipped competency list, for an organisation that has none yet."""
    if Competency.objects.filter(organisation=organisation).exists():
        return
    Competency.objects.bulk_create(
        Competency(organisation=organisation, name=name, order=index)
        for index, name in enumerate(DEFAULT_COMPETENCIES, start=1)
    )


# Other apps add what a new programme needs from them (questionnaire presets, say).
_programme_created_hooks: list = []


def register_programme_created(hook) -> None:
    """Call hook(programme) inside the transaction that creates every new programme."""
    if hook not in _programme_created_hooks:
        _programme_created_hooks.append(hook)


@transaction.atomic
def programme_create(
    *,
    organisation: Organisation,
    year: int,
    title: str,
    curator: StaffMember | None = None,
    forms: list[str] | None = None,
    default_capacity: int = 2,
    **approval,
) -> Programme:
    """A new programme with its 33 roadmap activities in 7 stages, from the catalogue."""
    if curator is not None and curator.organisation_id != organisation.pk:
        raise DomainError("Куратор должен работать в этой организации.")
    if default_capacity < 1:
        raise DomainError("Нагрузка наставника — не меньше одного наставляемого.")
    if Programme.objects.filter(organisation=organisation, year=year).exists():
        raise DomainError(f"Программа на {year} год у организации уже есть.")
    try:
        with transaction.atomic():
            programme = Programme.objects.create(
                organisation=organisation,
                year=year,
                title=title,
                curator=curator,
                forms=_validate_forms(forms or [MentoringForm.TEACHER_TEACHER]),
                default_capacity=default_capacity,
                **approval,
            )
    except IntegrityError:
        raise DomainError(f"Программа на {year} год у организации уже есть.") from None
    _create_roadmap(programme)
    ensure_default_competencies(organisation=organisation)
    for hook in _programme_created_hooks:
        hook(programme)
    return programme


def programme_update(*, programme: Programme, **fields) -> Programme:
    if "forms" in fields:
        fields["forms"] = _validate_forms(fields["forms"])
    curator = fields.get("curator")
    if curator is not None and curator.organisation_id != programme.organisation_id:
        raise DomainError("Куратор должен работать в этой организации.")
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def programme_copy_to_next_year(*, programme: Programme) -> Programme:
    """Next year's programme: the same settings and roadmap plan, every status reset; the
    mentors who agreed to stay come into its mentor base «в долгосрочной базе» (7.8) — and
    nothing of the pairs. Twice is refused (one programme per organisation and year)."""
    year = programme.year + 1
    if Programme.objects.filter(organisation=programme.organisation, year=year).exists():
        raise DomainError(f"Программа на {year} год уже создана.")
    title = programme.title.replace(str(programme.year), str(year))
    try:
        with transaction.atomic():
            new = Programme.objects.create(
                organisation=programme.organisation,
                year=year,
                title=title,
                curator=programme.curator,
                forms=list(programme.forms),
                default_capacity=programme.default_capacity,
                parent_committee_note=programme.parent_committee_note,
                previous=programme,
            )
    except IntegrityError:  # a second click that did not wait for the first
        raise DomainError(f"Программа на {year} год уже создана.") from None
    old_stages = list(programme.stages.order_by("number"))
    new_stages = Stage.objects.bulk_create(
        Stage(
            programme=new,
            number=s.number,
            title=s.title,
            goal=s.goal,
            task=s.task,
            result=s.result,
        )
        for s in old_stages
    )
    stage_map = {old.pk: fresh for old, fresh in zip(old_stages, new_stages, strict=True)}
    old_activities = list(programme.activities.prefetch_related("responsible_people"))
    new_activities = Activity.objects.bulk_create(
        Activity(
            programme=new,
            stage=stage_map[a.stage_id],
            code=a.code,
            order=a.order,
            title=a.title,
            deadline_text=a.deadline_text,
            starts_on=_shift_year(a.starts_on),
            due_on=_shift_year(a.due_on),
            responsible_text=a.responsible_text,
        )
        for a in old_activities
    )
    through = Activity.responsible_people.through
    through.objects.bulk_create(
        through(activity_id=fresh.pk, staffmember_id=person.pk)
        for old, fresh in zip(old_activities, new_activities, strict=True)
        for person in old.responsible_people.all()
        if person.is_active
    )
    for hook in _programme_created_hooks:
        hook(new)
    # A closed year (its 7.8 already done) is not written to; an open one closes 7.8 here.
    if mentors_carry_over(source=programme, target=new) and programme.closed_at is None:
        activity_mark_done(
            programme=programme,
            code="7.8",
            evidence_url=reverse("programme:mentor_list", args=[new.pk])
            + f"?status={MentorStatus.LONG_TERM}",
            evidence_label=f"Долгосрочная база наставников перенесена в программу {year} года",
        )
    return new


def _shift_year(day: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def activity_update(
    *,
    activity: Activity,
    status: str,
    deadline_text: str = "",
    starts_on: dt.date | None = None,
    due_on: dt.date | None = None,
    responsible_text: str = "",
    responsible_people=(),
    completed_on: dt.date | None = None,
    note: str = "",
    evidence_url: str = "",
    evidence_label: str = "",
) -> Activity:
    check_sane_date(starts_on, what="Дата начала")
    check_sane_date(due_on, what="Срок выполнения")
    check_sane_date(completed_on, what="Дата выполнения")
    if starts_on and due_on and due_on < starts_on:
        raise DomainError("Срок выполнения не может быть раньше даты начала.")
    evidence_url = check_safe_url(evidence_url)
    check_text_length(note, limit=NOTE_MAX_LENGTH, what="Примечание")
    people = list(responsible_people)
    if any(p.organisation_id != activity.programme.organisation_id for p in people):
        raise DomainError("Ответственными могут быть только сотрудники этой организации.")
    if status == ActivityStatus.DONE and completed_on is None:
        completed_on = timezone.localdate()
    if status != ActivityStatus.DONE:
        completed_on = None
    activity.status = status
    activity.deadline_text = deadline_text
    activity.starts_on = starts_on
    activity.due_on = due_on or deadline_to_date(deadline_text, activity.programme.year)
    activity.responsible_text = responsible_text
    activity.completed_on = completed_on
    activity.note = note
    activity.evidence_url = evidence_url
    activity.evidence_label = evidence_label
    activity.save()
    activity.responsible_people.set(people)
    return activity


def activity_mark_done(
    *, programme: Programme, code: str, evidence_url: str, evidence_label: str, on=None
) -> Activity | None:
    """Mark a roadmap activity done with a record that proves it (if it is not closed yet)."""
    evidence_url = check_safe_url(evidence_url)
    activity = programme.activities.filter(code=code).first()
    if activity is None:
        return None
    if activity.status != ActivityStatus.DONE:
        activity.status = ActivityStatus.DONE
        activity.completed_on = on or timezone.localdate()
    activity.evidence_url = evidence_url
    activity.evidence_label = evidence_label
    activity.save(update_fields=["status", "completed_on", "evidence_url", "evidence_label"])
    return activity


def activity_mark_started(*, programme: Programme, code: str) -> None:
    """An activity that has begun in the data moves from «запланировано» to «в работе»."""
    programme.activities.filter(code=code, status=ActivityStatus.PLANNED).update(
        status=ActivityStatus.IN_PROGRESS
    )


# --- Closing the year ------------------------------------------------------------------------

CLOSED = (
    "Программа {year} года закрыта {on}: она доступна только для чтения. "
    "Изменения в ней больше не вносятся."
)
CLOSE_NEEDS_HEAD = (
    "Закрыть год может только руководитель организации (заведующий): куратор готовит "
    "программу, руководитель её закрывает."
)
CLOSE_OPEN_ACTIVITIES = (
    "Год нельзя закрыть: не все мероприятия дорожной карты выполнены или отмечены «не "
    "требуется». Открыты: {codes}."
)


class ProgrammeClosed(DomainError):
    """A change asked of a programme whose year is closed."""


def closed_message(programme: Programme) -> str:
    return _closed_text(programme.year, programme.closed_at)


def _closed_text(year: int, closed_at) -> str:
    return CLOSED.format(year=year, on=timezone.localtime(closed_at).strftime("%d.%m.%Y"))


def check_programme_open(*, programme: Programme | None = None, programme_id: int = 0) -> None:
    """The guard of the services that change a programme's records reached without its page
    (a pair's meetings and outcome, a questionnaire's personal link): a closed year refuses.
    A programme already loaded is read as it is (no query); an id is looked up."""
    if programme is not None:
        if programme.closed_at is not None:
            raise ProgrammeClosed(closed_message(programme))
        return
    closed = (
        Programme.objects.filter(pk=programme_id, closed_at__isnull=False)
        .values_list("year", "closed_at")
        .first()
    )
    if closed is not None:
        raise ProgrammeClosed(_closed_text(*closed))


def open_activities(programme: Programme) -> list[Activity]:
    return list(
        programme.activities.exclude(
            status__in=[ActivityStatus.DONE, ActivityStatus.NOT_REQUIRED]
        ).order_by("order")
    )


def close_refusal(*, programme: Programme, by: User) -> str:
    """Why `by` cannot close the programme now («» when she can): the page shows it."""
    if programme.closed_at is not None:
        return closed_message(programme)
    if not (by.is_superuser or by.role == Role.HEAD):
        return CLOSE_NEEDS_HEAD
    if still_open := open_activities(programme):
        return CLOSE_OPEN_ACTIVITIES.format(codes=", ".join(a.code for a in still_open))
    return ""


@transaction.atomic
def programme_close(*, programme: Programme, by: User) -> Programme:
    """The head closes the year once every activity is done or «не требуется»: from then on
    the programme is read-only (programme/readonly.py refuses every change on its pages). There
    is no reopening in the product; a superuser may clear «год закрыт» in the admin."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if refusal := close_refusal(programme=programme, by=by):
        raise DomainError(refusal)
    programme.closed_at = timezone.now()
    programme.closed_by = by
    programme.save(update_fields=["closed_at", "closed_by"])
    return programme
