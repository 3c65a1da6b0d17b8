"""The mentee base (2.3) and the mentor base (3.4): profiles filled from questionnaires and by
the curator, with the rules of who may be where; the preferences said after the group meeting
(5.2)."""

import dataclasses
import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from ..catalogue import DEFAULT_COMPETENCIES
from ..exceptions import DomainError
from ..models import (
    Competency,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    Organisation,
    OutcomeEntry,
    Preference,
    Programme,
    StaffMember,
)
from ..models.bases import (
    CompetencyLevel,
    LabourBasis,
    MenteeCategory,
    MenteeStatus,
    MentorStatus,
    OutcomeResult,
    OutcomeRole,
    PreferenceSide,
    Priority,
    RequestSource,
)
from ..models.roadmap import MentoringForm
from ..selectors.bases import (
    MENTOR_CANDIDATE_MIN_EXPERIENCE,
    mentor_candidates_from_mentees,
    preference_side,
)
from ..validators import NOTE_MAX_LENGTH, check_sane_date

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


def _lock_person(programme: Programme, staff: StaffMember, *, becoming: str):
    """Lock the person's row, check she is not on the other side of this programme's bases,
    and return the id of her profile on this side (None if she has none yet).

    The lock makes one change of a person's place in the bases wait for another (her own
    intake and a psychologist's input submitted at the same moment; a submit and the
    curator): neither adds a second profile or a request twice, nor fails on the constraint.
    """
    if becoming == "mentee":
        clash = MentorProfile.objects.filter(
            programme=programme, staff=OuterRef("pk"), status__in=ACTIVE_MENTOR
        )
        own = MenteeProfile.objects.filter(programme=programme, staff=OuterRef("pk"))
        base = "наставников"
    else:
        clash = MenteeProfile.objects.filter(
            programme=programme, staff=OuterRef("pk"), status__in=ACTIVE_MENTEE
        )
        own = MentorProfile.objects.filter(programme=programme, staff=OuterRef("pk"))
        base = "наставляемых"
    StaffMember.objects.select_for_update().filter(pk=staff.pk).values_list("pk").get()
    # Read after the lock, in a statement of its own: it sees what the one who held the lock
    # committed (PostgreSQL evaluates a locking statement's subqueries before the wait).
    row = (
        StaffMember.objects.filter(pk=staff.pk)
        .annotate(clash=Exists(clash), own_id=Subquery(own.values("pk")[:1]))
        .values("clash", "own_id")
        .get()
    )
    if row["clash"]:
        raise DomainError(
            f"{staff.short_name} уже в базе {base} этой программы: один человек не может быть "
            "одновременно наставником и наставляемым."
        )
    return row["own_id"]


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
    preferred_mentor_id: int | None = None,
) -> MenteeProfile:
    """Create or update a teacher's mentee profile; `requests` replace that source's requests.

    `preferred_mentor_id` names the wished mentor by id (a submit has the id, not the record).
    """
    _check_same_organisation(programme, staff, [c for c, _p, _n in requests or []])
    if source not in RequestSource.values:
        raise DomainError("Неизвестный источник запроса.")
    if preferred_form and preferred_form not in MentoringForm.values:
        raise DomainError("Неизвестная форма наставничества.")
    for _competency, priority, _note in requests or []:
        if priority not in Priority.values:
            raise DomainError("Приоритет запроса — от 1 (высокий) до 3 (низкий).")
    own_id = _lock_person(programme, staff, becoming="mentee")
    values = {
        name: value
        for name, value in (
            ("category", category),
            ("preferred_form", preferred_form),
            ("preferred_mentor", preferred_mentor),
            ("preferred_mentor_id", preferred_mentor_id),
        )
        if value is not None
    }
    if own_id is None:
        profile = MenteeProfile.objects.create(
            programme=programme, staff=staff, status_changed_at=timezone.now(), **values
        )
    else:
        profile = MenteeProfile.objects.get(pk=own_id)
        for name, value in values.items():
            setattr(profile, name, value)
        if values:
            profile.save(update_fields=[n.removesuffix("_id") for n in values])
    if requests is not None:
        # A competency asked by several sources is kept once, with the first word said
        # (the constraint skips the repeats). A profile made just now has none to replace.
        if own_id is not None:
            profile.requests.filter(source=source).delete()
        MenteeRequest.objects.bulk_create(
            [
                MenteeRequest(
                    mentee=profile, competency=c, priority=p, note=(n or "")[:500], source=source
                )
                for c, p, n in requests
            ],
            ignore_conflicts=True,
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
    if capacity is not None and from_questionnaire:
        capacity = min(max(capacity, 1), programme.default_capacity)
    validate_capacity(programme=programme, capacity=capacity)
    if preferred_forms and any(f not in MentoringForm.values for f in preferred_forms):
        raise DomainError("Неизвестная форма наставничества.")
    own_id = _lock_person(programme, staff, becoming="mentor")
    if own_id is None:
        profile = MentorProfile.objects.create(
            programme=programme, staff=staff, status_changed_at=timezone.now()
        )
    else:
        profile = MentorProfile.objects.get(pk=own_id)
    changed = []
    seen = set()
    for competency, level in competencies or []:
        if competency.organisation_id != programme.organisation_id:
            raise DomainError("Компетенция из каталога другой организации.")
        if competency.pk in seen:
            raise DomainError(f"Компетенция «{competency.name}» указана дважды.")
        if level not in CompetencyLevel.values:
            raise DomainError("Уровень владения компетенцией — от 1 до 3.")
        seen.add(competency.pk)
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


# --- The competency catalogue of an organisation -------------------------------------------


def competency_save(
    *,
    organisation: Organisation,
    name: str,
    description: str = "",
    order: int = 0,
    is_active: bool = True,
    competency: Competency | None = None,
) -> Competency:
    """Add a competency to the organisation's catalogue or change one; names are unique."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Укажите название компетенции.")
    if competency is not None and competency.organisation_id != organisation.pk:
        raise DomainError("Компетенция из каталога другой организации.")
    taken = f"Компетенция «{name}» уже есть в каталоге."
    if _competency_name_taken(organisation, name, competency):
        raise DomainError(taken)
    if competency is None:
        competency = Competency(organisation=organisation)
    competency.name = name
    competency.description = description or ""
    competency.order = order or 0
    competency.is_active = is_active
    try:
        with transaction.atomic():
            competency.save()
    except IntegrityError:
        # Another curator saved the same name a moment ago: the constraint keeps one.
        raise DomainError(taken) from None
    return competency


def _competency_name_taken(organisation, name: str, competency: Competency | None) -> bool:
    others = Competency.objects.filter(organisation=organisation)
    if competency is not None:
        others = others.exclude(pk=competency.pk)
    # Compared in Python: SQLite ignores the case of Latin letters only, not of Cyrillic.
    return name.casefold() in {n.casefold() for n in others.values_list("name", flat=True)}


def competency_set_active(*, competency: Competency, is_active: bool) -> Competency:
    """A competency in use is never deleted: it is switched off and leaves the pick-lists."""
    if competency.is_active != is_active:
        competency.is_active = is_active
        competency.save(update_fields=["is_active"])
    return competency


def competencies_load_defaults(*, organisation: Organisation) -> int:
    """Add the shipped competencies the catalogue lacks; returns how many were added."""
    existing = {
        n.casefold()
        for n in Competency.objects.filter(organisation=organisation).values_list("name", flat=True)
    }
    start = Competency.objects.filter(organisation=organisation).aggregate(m=Max("order"))["m"] or 0
    missing = [name for name in DEFAULT_COMPETENCIES if name.casefold() not in existing]
    Competency.objects.bulk_create(
        [
            Competency(organisation=organisation, name=name, order=start + index)
            for index, name in enumerate(missing, start=1)
        ],
        ignore_conflicts=True,  # two clicks at once add each name once
    )
    return len(missing)


# --- The mentee base (2.3) -----------------------------------------------------------------


def mentee_add(*, programme: Programme, staff: StaffMember, **fields) -> MenteeProfile:
    """The curator puts a teacher into the mentee base as a candidate."""
    if MenteeProfile.objects.filter(programme=programme, staff=staff).exists():
        raise DomainError(f"{staff.short_name} уже в базе наставляемых этой программы.")
    return mentee_profile_upsert(
        programme=programme, staff=staff, source=RequestSource.CURATOR, **fields
    )


def _check_requests(programme: Programme, requests: list[dict]) -> None:
    seen = set()
    for row in requests:
        competency = row["competency"]
        if competency.organisation_id != programme.organisation_id:
            raise DomainError("Компетенция из каталога другой организации.")
        if competency.pk in seen:
            raise DomainError(f"Запрос «{competency.name}» указан дважды.")
        seen.add(competency.pk)
        if row.get("priority", Priority.MEDIUM) not in Priority.values:
            raise DomainError("Приоритет запроса — от 1 (высокий) до 3 (низкий).")
        if row.get("source", RequestSource.CURATOR) not in RequestSource.values:
            raise DomainError("Неизвестный источник запроса.")


@transaction.atomic
def mentee_update(
    *,
    profile: MenteeProfile,
    category: str = "",
    preferred_form: str = "",
    preferred_mentor: StaffMember | None = None,
    note: str = "",
    requests: list[dict] | None = None,
) -> MenteeProfile:
    """The curator's edit of a mentee: card fields and the whole list of requests.

    `requests` are dicts of competency, priority, note, source; they replace the list, keeping
    the rows (and their dates) of competencies that stay.
    """
    programme = profile.programme
    if category and category not in MenteeCategory.values:
        raise DomainError("Неизвестная категория наставляемого.")
    if preferred_form and preferred_form not in MentoringForm.values:
        raise DomainError("Неизвестная форма наставничества.")
    if preferred_mentor is not None:
        if preferred_mentor.organisation_id != programme.organisation_id:
            raise DomainError("Желаемый наставник работает в другой организации.")
        if preferred_mentor.pk == profile.staff_id:
            raise DomainError("Педагог не может быть наставником самому себе.")
    if requests is not None:
        _check_requests(programme, requests)
    profile.category = category or ""
    profile.preferred_form = preferred_form or ""
    profile.preferred_mentor = preferred_mentor
    profile.note = note or ""
    profile.save(update_fields=["category", "preferred_form", "preferred_mentor", "note"])
    if requests is not None:
        current = {r.competency_id: r for r in profile.requests.all()}
        wanted = {row["competency"].pk: row for row in requests}
        profile.requests.exclude(competency_id__in=wanted).delete()
        for competency_id, row in wanted.items():
            values = {
                "priority": row.get("priority", Priority.MEDIUM),
                "note": (row.get("note") or "")[:500],
                "source": row.get("source") or RequestSource.CURATOR,
            }
            request = current.get(competency_id)
            if request is None:
                MenteeRequest.objects.create(mentee=profile, competency=row["competency"], **values)
            elif any(getattr(request, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(request, key, value)
                request.save(update_fields=list(values))
    return profile


@transaction.atomic
def mentee_set_status(
    profile: MenteeProfile,
    status: str,
    *,
    on: dt.date | None = None,
    reason: str = "",
) -> MenteeProfile:
    """Move a mentee through the base: included (with a date), dropped (date and reason)…"""
    if status not in MenteeStatus.values:
        raise DomainError("Неизвестный статус наставляемого.")
    name = profile.staff.short_name
    check_sane_date(on, what="Дата включения или выбытия")
    on = on or timezone.localdate()
    reason = " ".join((reason or "").split())
    if status == MenteeStatus.INCLUDED:
        if profile.status in (MenteeStatus.PAIRED, MenteeStatus.COMPLETED):
            raise DomainError(
                f"{name}: статус «{profile.get_status_display()}» — включать в базу заново "
                "не нужно."
            )
        if profile.status != MenteeStatus.INCLUDED:
            _check_not_both(profile.programme, profile.staff, becoming="mentee")
            profile.included_on = on
        profile.left_on = None
        profile.left_reason = ""
    elif status == MenteeStatus.DROPPED:
        if not reason:
            raise DomainError(f"{name}: укажите причину выбытия.")
        if profile.included_on and on < profile.included_on:
            raise DomainError(
                f"{name}: дата выбытия раньше даты включения в базу "
                f"({profile.included_on:%d.%m.%Y})."
            )
        profile.left_on = on
        profile.left_reason = reason[:300]
    elif status in (MenteeStatus.CANDIDATE, MenteeStatus.PAIRED):
        if profile.status == MenteeStatus.DROPPED:
            _check_not_both(profile.programme, profile.staff, becoming="mentee")
        profile.left_on = None
        profile.left_reason = ""
        if status == MenteeStatus.CANDIDATE:
            profile.included_on = None
    if profile.status != status:
        profile.status_changed_at = timezone.now()
    profile.status = status
    profile.save(
        update_fields=["status", "status_changed_at", "included_on", "left_on", "left_reason"]
    )
    return profile


@transaction.atomic
def mentees_set_status_bulk(
    *,
    programme: Programme,
    mentee_ids: list[int],
    status: str,
    on: dt.date | None = None,
    reason: str = "",
) -> int:
    """Several mentees at once, all or nothing: one refusal leaves every one as it was."""
    ids = set(mentee_ids)
    if not ids:
        raise DomainError("Отметьте хотя бы одного наставляемого.")
    profiles = list(
        MenteeProfile.objects.filter(programme=programme, pk__in=ids).select_related(
            "staff", "programme"
        )
    )
    if len(profiles) != len(ids):
        raise DomainError("Некоторых отмеченных наставляемых нет в базе этой программы.")
    for profile in profiles:
        mentee_set_status(profile, status, on=on, reason=reason)
    return len(profiles)


# --- The mentor base (3.4) -----------------------------------------------------------------


def mentor_add(*, programme: Programme, staff: StaffMember) -> MentorProfile:
    """The curator puts a teacher into the mentor base as a candidate."""
    if MentorProfile.objects.filter(programme=programme, staff=staff).exists():
        raise DomainError(f"{staff.short_name} уже в базе наставников этой программы.")
    return mentor_profile_upsert(programme=programme, staff=staff, from_questionnaire=False)


LABOUR_CONSENT_REQUIRED = (
    "Статус «наставник» — только с письменного согласия педагога (ст. 351.8 ТК РФ): "
    "укажите дату согласия в карточке наставника (или отметьте, что наставничество входит "
    "в её должностные обязанности)."
)


@transaction.atomic
def mentor_update(
    *,
    profile: MentorProfile,
    competencies: list[tuple[Competency, int]] | None = None,
    achievements: str = "",
    preferred_forms: list[str] | None = None,
    capacity: int | None = None,
    availability: str = "",
    offer_to_others: bool = False,
    labour_consent_on: dt.date | None = None,
    labour_basis: str = LabourBasis.CONSENT,
    labour_duties_note: str = "",
    addendum_content: str = "",
    addendum_term: str = "",
    addendum_form: str = "",
    addendum_pay: str = "",
    addendum_signed_on: dt.date | None = None,
    note: str = "",
    long_term_agreed: bool | None = None,
) -> MentorProfile:
    """The curator's edit of a mentor's card; `competencies` replace the list. The labour
    basis is the written consent (dated) or, per the Роструд letter of 02.10.2025
    № ТЗ/7300-6-1, mentoring already in her job duties (no consent then)."""
    programme = profile.programme
    check_sane_date(labour_consent_on, what="Дата письменного согласия")
    check_sane_date(addendum_signed_on, what="Дата подписания доп. соглашения")
    validate_capacity(programme=programme, capacity=capacity)
    forms = list(dict.fromkeys(preferred_forms or []))
    if any(f not in MentoringForm.values for f in forms):
        raise DomainError("Неизвестная форма наставничества.")
    if addendum_form and addendum_form not in MentoringForm.values:
        raise DomainError("Неизвестная форма наставничества в доп. соглашении.")
    if labour_basis not in LabourBasis.values:
        raise DomainError("Неизвестное основание наставничества.")
    labour_duties_note = " ".join((labour_duties_note or "").split())[:300]
    if labour_basis == LabourBasis.DUTIES:
        labour_consent_on = None  # no consent is taken where 351.8 does not apply
    elif labour_consent_on is None and profile.status == MentorStatus.MENTOR:
        raise DomainError(
            "Педагог уже в статусе «наставник»: дату письменного согласия (ст. 351.8 ТК РФ) "
            "убрать нельзя."
        )
    seen = set()
    for competency, level in competencies or []:
        if competency.organisation_id != programme.organisation_id:
            raise DomainError("Компетенция из каталога другой организации.")
        if competency.pk in seen:
            raise DomainError(f"Компетенция «{competency.name}» указана дважды.")
        if level not in CompetencyLevel.values:
            raise DomainError("Уровень владения компетенцией — от 1 до 3.")
        seen.add(competency.pk)
    for name, value in (
        ("achievements", achievements),
        ("preferred_forms", forms),
        ("capacity", capacity),
        ("availability", availability),
        ("offer_to_others", bool(offer_to_others)),
        ("labour_basis", labour_basis),
        ("labour_consent_on", labour_consent_on),
        ("labour_duties_note", labour_duties_note),
        ("addendum_content", addendum_content),
        ("addendum_term", addendum_term),
        ("addendum_form", addendum_form),
        ("addendum_pay", addendum_pay),
        ("addendum_signed_on", addendum_signed_on),
        ("note", note),
    ):
        setattr(profile, name, value)
    profile.save()
    if long_term_agreed is not None:
        mentor_long_term_set(profile=profile, agreed=long_term_agreed)
    if competencies is not None:
        current = {c.competency_id: c for c in profile.competencies.all()}
        profile.competencies.exclude(competency_id__in=seen).delete()
        for competency, level in competencies:
            row = current.get(competency.pk)
            if row is None:
                MentorCompetency.objects.create(mentor=profile, competency=competency, level=level)
            elif row.level != level:
                row.level = level
                row.save(update_fields=["level"])
    return profile


@transaction.atomic
def mentees_unpair(*, mentee_ids: list[int]) -> int:
    """Mentees whose pair has ended are «включён в базу» again, so that they may be paired
    anew. (Including a mentee «в паре» by hand stays refused in mentee_set_status.)"""
    return MenteeProfile.objects.filter(pk__in=mentee_ids, status=MenteeStatus.PAIRED).update(
        status=MenteeStatus.INCLUDED, status_changed_at=timezone.now()
    )


def mentor_set_status(profile: MentorProfile, status: str) -> MentorProfile:
    """Move a mentor through the base; «наставник» needs the art. 351.8 written consent."""
    if status not in MentorStatus.values:
        raise DomainError("Неизвестный статус наставника.")
    if status == MentorStatus.MENTOR and not profile.has_labour_basis:
        raise DomainError(LABOUR_CONSENT_REQUIRED)
    if profile.status == MentorStatus.REJECTED and status != MentorStatus.REJECTED:
        _check_not_both(profile.programme, profile.staff, becoming="mentor")
    if profile.status != status:
        profile.status = status
        profile.status_changed_at = timezone.now()
        profile.save(update_fields=["status", "status_changed_at"])
    return profile


# --- Preferences after the group meeting (5.2) ----------------------------------------------


def _staff_ids(values, *, label: str) -> list[int]:
    try:
        ids = [int(v) for v in values or []]
    except (TypeError, ValueError):
        raise DomainError(f"Предпочтения: неверный список ({label}).") from None
    return list(dict.fromkeys(ids))


@transaction.atomic
def preferences_record(
    *, programme: Programme, staff: StaffMember, ranked, unwanted
) -> list[Preference]:
    """What a participant said after the group meeting replaces what they said before.

    `ranked` are staff ids of the other side, most wanted first (places 1, 2, …); `unwanted`
    are staff ids of those they would rather not work with. A mentee speaks of the mentors of
    the programme, a mentor of its mentees; anyone else is refused.
    """
    ranked = _staff_ids(ranked, label="места")
    unwanted = _staff_ids(unwanted, label="нежелательные")
    if set(ranked) & set(unwanted):
        raise DomainError(
            "Предпочтения: один и тот же человек не может быть и желанным, и нежелательным."
        )
    if staff.pk in ranked or staff.pk in unwanted:
        raise DomainError("Предпочтения: в списке не может быть самого отвечающего.")
    side = preference_side(programme, staff.pk)
    if side is None:
        raise DomainError(
            f"{staff.short_name} нет в базе наставников или наставляемых этой программы: "
            "предпочтения некуда записать. Обратитесь к куратору программы."
        )
    wanted = ranked + unwanted
    if side == "mentee":
        # Locked: two submits of one person's preferences replace them one after the other.
        me = (
            MenteeProfile.objects.select_for_update()
            .exclude(status=MenteeStatus.DROPPED)
            .get(programme=programme, staff=staff)
        )
        others = {
            m.staff_id: m
            for m in MentorProfile.objects.filter(programme=programme, staff_id__in=wanted)
        }
        base = "наставников"

        def row(other, rank, is_unwanted):
            return Preference(
                mentee=me,
                mentor=other,
                side=PreferenceSide.MENTEE,
                rank=rank,
                unwanted=is_unwanted,
            )

        previous = Preference.objects.filter(mentee=me, side=PreferenceSide.MENTEE)
    else:
        me = (
            MentorProfile.objects.select_for_update()
            .exclude(status=MentorStatus.REJECTED)
            .get(programme=programme, staff=staff)
        )
        others = {
            m.staff_id: m
            for m in MenteeProfile.objects.filter(programme=programme, staff_id__in=wanted)
        }
        base = "наставляемых"

        def row(other, rank, is_unwanted):
            return Preference(
                mentee=other,
                mentor=me,
                side=PreferenceSide.MENTOR,
                rank=rank,
                unwanted=is_unwanted,
            )

        previous = Preference.objects.filter(mentor=me, side=PreferenceSide.MENTOR)
    if any(pk not in others for pk in wanted):
        raise DomainError(
            f"Предпочтения: в списке есть человек, которого нет в базе {base} этой программы."
        )
    previous.delete()
    return Preference.objects.bulk_create(
        [row(others[pk], place, False) for place, pk in enumerate(ranked, start=1)]
        + [row(others[pk], None, True) for pk in unwanted]
    )


# --- Outcomes into the bases (7.7) ----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PairOutcome:
    """What pairing hands over when the curator confirms a pair's outcome: plain values, since
    the bases stand under pairing and know nothing of its models."""

    pairing_ref: int
    form: str
    ended_early: bool
    ended_on: dt.date | None
    result: str
    conclusion: str
    mentor: StaffMember
    mentees: list[StaffMember]
    completed_mentees: list[StaffMember]  # those still in the pair when it was completed


@transaction.atomic
def bases_outcome_write(*, programme: Programme, outcome: PairOutcome) -> list[OutcomeEntry]:
    """Write the confirmed outcome of a pair into the mentor's and each mentee's base (one row
    each; confirming again after a correction rewrites them), and mark the mentees who were in
    the pair when it was completed «программа завершена»."""
    if outcome.result not in OutcomeResult.values:
        raise DomainError("Неизвестный итог наставничества.")
    common = {
        "programme": programme,
        "form": outcome.form,
        "ended_early": outcome.ended_early,
        "ended_on": outcome.ended_on,
        "result": outcome.result,
        "conclusion": outcome.conclusion[:NOTE_MAX_LENGTH],
    }
    rows = [(outcome.mentor, OutcomeRole.MENTOR, ", ".join(m.short_name for m in outcome.mentees))]
    rows += [(mentee, OutcomeRole.MENTEE, outcome.mentor.short_name) for mentee in outcome.mentees]
    entries = []
    for staff, role, partners in rows:
        entry, _created = OutcomeEntry.objects.update_or_create(
            pairing_ref=outcome.pairing_ref,
            staff=staff,
            role=role,
            defaults={**common, "partners": partners[:500]},
        )
        entries.append(entry)
    for profile in MenteeProfile.objects.filter(
        programme=programme, staff__in=outcome.completed_mentees
    ).exclude(status__in=[MenteeStatus.COMPLETED, MenteeStatus.DROPPED]):
        mentee_set_status(profile, MenteeStatus.COMPLETED, on=outcome.ended_on)
    return entries


def bases_outcome_withdraw(*, pairing_ref: int) -> int:
    """The curator returned the outcome for correction: it leaves the bases until confirmed
    again."""
    deleted, _ = OutcomeEntry.objects.filter(pairing_ref=pairing_ref).delete()
    return deleted


# --- The long-term mentor base (7.8) ---------------------------------------------------------


def mentor_long_term_set(*, profile: MentorProfile, agreed: bool) -> MentorProfile:
    """The mentor agrees (or no longer) to stay in the long-term base; the day is recorded."""
    agreed = bool(agreed)
    if profile.long_term_agreed != agreed:
        profile.long_term_agreed = agreed
        profile.long_term_agreed_on = timezone.localdate() if agreed else None
        profile.save(update_fields=["long_term_agreed", "long_term_agreed_on"])
    return profile


@transaction.atomic
def mentors_carry_over(*, source: Programme, target: Programme) -> list[MentorProfile]:
    """The mentors of `source` who agreed to stay come into `target`'s mentor base «в
    долгосрочной базе», with competencies, achievements, forms and capacity — no pairs, no
    mentees. One base row per person and programme (mentor_unique): twice brings nobody twice."""
    agreed = list(
        MentorProfile.objects.filter(programme=source, long_term_agreed=True, staff__is_active=True)
        .exclude(status=MentorStatus.REJECTED)
        .select_related("staff")
        .prefetch_related("competencies")
    )
    present = set(MentorProfile.objects.filter(programme=target).values_list("staff_id", flat=True))
    mentees = set(MenteeProfile.objects.filter(programme=target).values_list("staff_id", flat=True))
    capacity_cap = target.default_capacity
    now = timezone.now()
    made = []
    for old in agreed:
        if old.staff_id in present or old.staff_id in mentees:
            continue
        new = MentorProfile.objects.create(
            programme=target,
            staff=old.staff,
            achievements=old.achievements,
            preferred_forms=list(old.preferred_forms),
            capacity=min(old.capacity, capacity_cap) if old.capacity else None,
            availability=old.availability,
            offer_to_others=old.offer_to_others,
            labour_basis=old.labour_basis,
            labour_duties_note=old.labour_duties_note,
            long_term_agreed=True,
            long_term_agreed_on=old.long_term_agreed_on,
            status=MentorStatus.LONG_TERM,
            status_changed_at=now,
            note=old.note,
        )
        MentorCompetency.objects.bulk_create(
            MentorCompetency(mentor=new, competency_id=c.competency_id, level=c.level)
            for c in old.competencies.all()
        )
        made.append(new)
    return made


def mentor_candidate_add(*, programme: Programme, staff: StaffMember) -> MentorProfile:
    """The curator's one click: a proposed former mentee into the mentor base as a candidate."""
    if staff.pk not in {c.staff.pk for c in mentor_candidates_from_mentees(programme=programme)}:
        raise DomainError(
            f"{staff.short_name} не подходит в кандидаты по правилу программы: пара завершена "
            f"с достигнутой целью и стаж не меньше {MENTOR_CANDIDATE_MIN_EXPERIENCE} лет."
        )
    return mentor_add(programme=programme, staff=staff)
