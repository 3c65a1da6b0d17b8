"""The mentee base (2.3) and the mentor base (3.4): profiles filled from questionnaires and by
the curator, with the rules of who may be where."""

from django.db import transaction
from django.utils import timezone

from ..exceptions import DomainError
from ..models import (
    Competency,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    Programme,
    StaffMember,
)
from ..models.bases import MenteeStatus, MentorStatus, Priority, RequestSource
from ..models.roadmap import MentoringForm

ACTIVE_MENTEE = [MenteeStatus.CANDIDATE, MenteeStatus.INCLUDED, MenteeStatus.PAIRED]
ACTIVE_MENTOR = [s for s in MentorStatus.values if s != MentorStatus.REJECTED]


def _check_same_organisation(programme: Programme, staff: StaffMember, competencies=()) -> None:
    if staff.organisation_id != programme.organisation_id:
        raise DomainError("Педагог работает в другой организации.")
    if any(c.organisation_id != programme.organisation_id for c in competencies):
        raise DomainError("Компетенция из каталога другой организации.")


def _check_not_both(programme: Programme, staff: StaffMember, *, becoming: str) -> None:
    if becoming == "mentee":
        clash = MentorProfile.objects.filter(
            programme=programme, staff=staff, status__in=ACTIVE_MENTOR
        ).exists()
        base = "наставников"
    else:
        clash = MenteeProfile.objects.filter(
            programme=programme, staff=staff, status__in=ACTIVE_MENTEE
        ).exists()
        base = "наставляемых"
    if clash:
        raise DomainError(
            f"{staff.short_name} уже в базе {base} этой программы: один человек не может быть "
            "одновременно наставником и наставляемым."
        )


def validate_capacity(*, programme: Programme, capacity: int | None) -> None:
    """A personal limit is 1 up to the programme's default (the local act's cap); never 0."""
    if capacity is None:
        return
    if capacity < 1:
        raise DomainError("Нагрузка наставника — не меньше одного наставляемого.")
    if capacity > programme.default_capacity:
        raise DomainError(
            f"Личный лимит не может быть больше, чем установлено программой: "
            f"{programme.default_capacity}."
        )


@transaction.atomic
def mentee_profile_upsert(
    *,
    programme: Programme,
    staff: StaffMember,
    source: str,
    category: str | None = None,
    preferred_form: str | None = None,
    preferred_mentor: StaffMember | None = None,
    requests: list[tuple[Competency, int, str]] | None = None,
) -> MenteeProfile:
    """Create or update a teacher's mentee profile; `requests` replace that source's requests."""
    _check_same_organisation(programme, staff, [c for c, _p, _n in requests or []])
    _check_not_both(programme, staff, becoming="mentee")
    if source not in RequestSource.values:
        raise DomainError("Неизвестный источник запроса.")
    if preferred_form and preferred_form not in MentoringForm.values:
        raise DomainError("Неизвестная форма наставничества.")
    profile, _created = MenteeProfile.objects.get_or_create(
        programme=programme, staff=staff, defaults={"status_changed_at": timezone.now()}
    )
    changed = []
    for name, value in (
        ("category", category),
        ("preferred_form", preferred_form),
        ("preferred_mentor", preferred_mentor),
    ):
        if value is not None:
            setattr(profile, name, value)
            changed.append(name)
    if changed:
        profile.save(update_fields=changed)
    if requests is not None:
        for _competency, priority, _note in requests:
            if priority not in Priority.values:
                raise DomainError("Приоритет запроса — от 1 (высокий) до 3 (низкий).")
        # A competency asked by several sources is kept once, with the curator's or the
        # teacher's own word first.
        profile.requests.filter(source=source).delete()
        taken = set(profile.requests.values_list("competency_id", flat=True))
        MenteeRequest.objects.bulk_create(
            MenteeRequest(
                mentee=profile, competency=c, priority=p, note=(n or "")[:500], source=source
            )
            for c, p, n in requests
            if c.pk not in taken
        )
    return profile


@transaction.atomic
def mentor_profile_upsert(
    *,
    programme: Programme,
    staff: StaffMember,
    competencies: list[tuple[Competency, int]] | None = None,
    achievements: str | None = None,
    capacity: int | None = None,
    availability: str | None = None,
    preferred_forms: list[str] | None = None,
    offer_to_others: bool | None = None,
    from_questionnaire: bool = True,
) -> MentorProfile:
    """Create or update a teacher's mentor profile.

    A capacity answered in a questionnaire above the programme's cap is lowered to the cap
    (the teacher offers more than the local act allows); typed by the curator it is refused.
    """
    _check_same_organisation(programme, staff, [c for c, _level in competencies or []])
    _check_not_both(programme, staff, becoming="mentor")
    if capacity is not None and from_questionnaire:
        capacity = min(max(capacity, 1), programme.default_capacity)
    validate_capacity(programme=programme, capacity=capacity)
    if preferred_forms and any(f not in MentoringForm.values for f in preferred_forms):
        raise DomainError("Неизвестная форма наставничества.")
    profile, _ = MentorProfile.objects.get_or_create(
        programme=programme, staff=staff, defaults={"status_changed_at": timezone.now()}
    )
    changed = []
    for name, value in (
        ("achievements", achievements),
        ("capacity", capacity),
        ("availability", availability),
        ("preferred_forms", preferred_forms),
        ("offer_to_others", offer_to_others),
    ):
        if value is not None:
            setattr(profile, name, value)
            changed.append(name)
    if changed:
        profile.save(update_fields=changed)
    if competencies is not None:
        if any(level not in (1, 2, 3) for _c, level in competencies):
            raise DomainError("Уровень владения компетенцией — от 1 до 3.")
        profile.competencies.all().delete()
        MentorCompetency.objects.bulk_create(
            MentorCompetency(mentor=profile, competency=c, level=level)
            for c, level in dict((c, level) for c, level in competencies).items()
        )
    return profile
