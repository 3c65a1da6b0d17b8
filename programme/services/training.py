"""Experts and materials (4.3); training sessions, attendance and completion (4.4).

A mentor in «обучение» becomes «готов» when the programme's rule is met: attended at least
N sessions, or the curator's mark «обучение завершено» (the mark is accepted under either
rule: a mentor may have trained elsewhere, and the curator knows it).
`training_check_completion` is called explicitly after attendance is saved, after a mark,
after the rule changes and after an interview recommends a candidate.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..exceptions import DomainError
from ..models import (
    Attendance,
    Expert,
    Material,
    MentorProfile,
    Organisation,
    Programme,
    TrainingCompletion,
    TrainingSession,
    TrainingSettings,
    User,
)
from ..models.bases import MentorStatus
from ..models.training import CompletionRule
from ..uploads import UploadRule, check_upload, original_name
from ..validators import check_safe_url, check_sane_date, normalise_name
from .bases import mentor_set_status
from .roadmap import activity_mark_started

MATERIAL_RULE = UploadRule(
    extensions=(
        "pdf",
        "doc",
        "docx",
        "odt",
        "xls",
        "xlsx",
        "ods",
        "ppt",
        "pptx",
        "odp",
        "jpg",
        "jpeg",
        "png",
    ),
    max_bytes=20 * 1024 * 1024,
)


# --- experts and materials (4.3) ---


def expert_save(
    *,
    organisation: Organisation,
    full_name: str,
    organisation_name: str = "",
    position: str = "",
    contacts: str = "",
    expert: Expert | None = None,
    programme: Programme | None = None,
) -> Expert:
    full_name = normalise_name(full_name)
    if not full_name:
        raise DomainError("Укажите ФИО эксперта.")
    expert = expert or Expert(organisation=organisation)
    if expert.organisation_id != organisation.pk:
        raise DomainError("Эксперт другой организации.")
    expert.full_name = full_name
    expert.organisation_name = organisation_name.strip()
    expert.position = position.strip()
    expert.contacts = contacts.strip()
    expert.save()
    if programme is not None:
        activity_mark_started(programme=programme, code="4.3")
    return expert


def material_add(*, programme: Programme, title: str = "", upload=None, url: str = "") -> Material:
    """A file (checked: type, content, at most 20 MB) or a link; exactly one of them."""
    url = check_safe_url(url)
    if bool(upload) == bool(url):
        raise DomainError("Загрузите файл или укажите ссылку — что-то одно.")
    if upload:
        check_upload(upload, MATERIAL_RULE)
    name = original_name(upload) if upload else ""
    title = title.strip() or name or url
    material = Material.objects.create(
        programme=programme, title=title[:300], file=upload or "", original_name=name, url=url
    )
    activity_mark_started(programme=programme, code="4.3")
    return material


def material_delete(*, material: Material) -> None:
    if material.file:
        material.file.delete(save=False)
    material.delete()


# --- sessions and attendance (4.4) ---


def trainable_mentors(programme: Programme):
    """Mentors who may attend training: everyone in the base but those not recommended."""
    return (
        MentorProfile.objects.filter(programme=programme)
        .exclude(status=MentorStatus.REJECTED)
        .select_related("staff")
        .order_by("staff__last_name", "staff__first_name", "pk")
    )


@transaction.atomic
def session_save(
    *,
    programme: Programme,
    date: dt.date,
    topic: str,
    expert: Expert | None = None,
    materials=(),
    place: str = "",
    session: TrainingSession | None = None,
) -> TrainingSession:
    check_sane_date(date, what="Дата занятия")
    topic = topic.strip()
    if not topic:
        raise DomainError("Укажите тему занятия.")
    if expert is not None and expert.organisation_id != programme.organisation_id:
        raise DomainError("Эксперт другой организации.")
    materials = list(materials)
    if any(m.programme_id != programme.pk for m in materials):
        raise DomainError("Материал не из этой программы.")
    session = session or TrainingSession(programme=programme)
    session.date = date
    session.topic = topic
    session.expert = expert
    session.place = place.strip()
    session.save()
    session.materials.set(materials)
    activity_mark_started(programme=programme, code="4.4")
    return session


@transaction.atomic
def attendance_save(*, session: TrainingSession, attended_mentor_ids) -> list[MentorProfile]:
    """Mark who attended; returns the mentors whom this made ready."""
    programme = session.programme
    wanted = {int(pk) for pk in attended_mentor_ids}
    mentors = {
        m.pk: m for m in MentorProfile.objects.filter(programme=programme).select_related("staff")
    }
    if wanted - set(mentors):
        raise DomainError("Отметить можно только наставников этой программы.")
    existing = {a.mentor_id: a for a in Attendance.objects.filter(session=session)}
    # ignore_conflicts: two saves of the same session at once mark each mentor once.
    Attendance.objects.bulk_create(
        [Attendance(session=session, mentor_id=pk, attended=True) for pk in wanted - set(existing)],
        ignore_conflicts=True,
    )
    Attendance.objects.filter(session=session, mentor_id__in=wanted).update(attended=True)
    Attendance.objects.filter(session=session).exclude(mentor_id__in=wanted).update(attended=False)
    return training_check_completion(programme=programme, mentors=list(mentors.values()))


@transaction.atomic
def session_save_with_attendance(
    *, programme: Programme, session: TrainingSession | None = None, attended=(), **fields
) -> list[MentorProfile]:
    """The session's page saves both at once, or neither; returns the mentors made ready."""
    session = session_save(programme=programme, session=session, **fields)
    return attendance_save(session=session, attended_mentor_ids=[m.pk for m in attended])


# --- settings, marks and completion ---


def training_settings(programme: Programme) -> TrainingSettings:
    """The programme's completion rule; the defaults (not yet saved) if never set."""
    return TrainingSettings.objects.filter(programme=programme).first() or TrainingSettings(
        programme=programme
    )


def training_settings_update(
    *, programme: Programme, rule: str, min_sessions: int
) -> tuple[TrainingSettings, list[MentorProfile]]:
    if rule not in CompletionRule.values:
        raise DomainError("Неизвестное правило завершения обучения.")
    if min_sessions < 1:
        raise DomainError("Число занятий — не меньше одного.")
    settings, _created = TrainingSettings.objects.get_or_create(programme=programme)
    settings.rule = rule
    settings.min_sessions = min_sessions
    settings.save()
    return settings, training_check_completion(programme=programme)


def attended_counts(programme: Programme) -> dict[int, int]:
    """Mentor id → sessions attended, in one query."""
    rows = (
        MentorProfile.objects.filter(programme=programme)
        .annotate(
            attended=Count("training_attendance", filter=Q(training_attendance__attended=True))
        )
        .values_list("pk", "attended")
    )
    return dict(rows)


def meets_rule(*, settings: TrainingSettings, attended: int, marked: bool) -> bool:
    if marked:
        return True
    return settings.rule == CompletionRule.SESSIONS and attended >= settings.min_sessions


def training_check_completion(
    *, programme: Programme, mentors: list[MentorProfile] | None = None
) -> list[MentorProfile]:
    """Move to «готов» every mentor in «обучение» who meets the rule; returns them."""
    if mentors is None:
        mentors = list(MentorProfile.objects.filter(programme=programme).select_related("staff"))
    in_training = [m for m in mentors if m.status == MentorStatus.TRAINING]
    if not in_training:
        return []
    settings = training_settings(programme)
    counts = attended_counts(programme)
    marked = set(
        TrainingCompletion.objects.filter(mentor__in=in_training).values_list(
            "mentor_id", flat=True
        )
    )
    ready = [
        m
        for m in in_training
        if meets_rule(settings=settings, attended=counts.get(m.pk, 0), marked=m.pk in marked)
    ]
    for mentor in ready:
        mentor_set_status(mentor, MentorStatus.READY)
    return ready


@transaction.atomic
def training_mark(*, mentor: MentorProfile, by: User | None) -> bool:
    """The curator's mark «обучение завершено»; True if it made the mentor ready."""
    if mentor.status == MentorStatus.REJECTED:
        raise DomainError("Кандидат не рекомендован по итогам собеседования.")
    TrainingCompletion.objects.get_or_create(
        mentor=mentor, defaults={"marked_at": timezone.now(), "marked_by": by}
    )
    return bool(training_check_completion(programme=mentor.programme, mentors=[mentor]))


@transaction.atomic
def training_unmark(*, mentor: MentorProfile) -> bool:
    """Take the mark back; a mentor it made ready returns to «обучение» unless the rule is
    met by attendance. True if the status went back."""
    deleted, _ = TrainingCompletion.objects.filter(mentor=mentor).delete()
    if not deleted or mentor.status != MentorStatus.READY:
        return False
    settings = training_settings(mentor.programme)
    attended = attended_counts(mentor.programme).get(mentor.pk, 0)
    if meets_rule(settings=settings, attended=attended, marked=False):
        return False
    mentor_set_status(mentor, MentorStatus.TRAINING)
    return True
