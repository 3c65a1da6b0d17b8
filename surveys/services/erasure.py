"""Withdrawal that erases (152-ФЗ ст. 21 ч. 5): within the caller's transaction every record
about the person that has no other legal ground is deleted or anonymised.

What is removed: her answers' content (free text, person picks, competency picks, every value —
the response stays only as a count with its date), answers about her from third parties,
assessment scores, interviews, profiles, requests, competencies, preferences, invitations,
event rows, her name in other people's person picks, and every copy of her answers in other
records (her plan's header, comments on it, the board's reasons: the catalogue's
ANSWER_COPIES, with the trail's values of them). What stays: the consent record and its
withdrawal, registered orders that name her (with the profiles and pairings they fix, emptied
of everything else), links that name her in her job role, and the staff record's name and
position. The trail's entries about her are anonymised by the caller's audit service.

Models are walked generically: every foreign key and many-to-many field that points at the
staff record, in every installed model, so that a model added later is covered by the default
(a nullable link is cleared, a required one deletes its row).
"""

import datetime as dt
from collections import Counter

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from programme.models import MenteeProfile, MentorProfile, StaffMember
from programme.models.personal_data import (
    ANSWER_COPIES,
    ENTRIES,
    ERASED_TEXT,
    REWRITE,
    ROLE_LINKS,
    AnswerCopy,
    links_to_person,
)
from programme.services.audit import anonymise_person_trail, hide_trail_values

from ..models import Answer, Consent, PeopleSource, QuestionKind, Response

# The fields of the staff record the programme collected beyond what identifies the person in
# the documents that stay (name, position, category, experience in registered orders).
STAFF_FIELDS_CLEARED = {
    "birth_date": None,
    "hired_on": None,
    "education": "",
    "email": "",
    "phone": "",
}
# Nullable links whose row means nothing without her: deleted, not cleared.
DELETE_WHEN_LINKED = {"surveys.Invitation.subject", "pairing.PlanComment.author_staff"}
REGISTERED = "registered"
KEPT_REASON_ORDER = "названа в зарегистрированном приказе (кадровый документ, ТК РФ ст. 351.8)"


class Report:
    def __init__(self):
        self.removed: Counter = Counter()
        self.kept: dict[str, str] = {}

    def count(self, deleted: dict) -> None:
        for label, number in deleted.items():
            if number:
                model = apps.get_model(label)
                self.removed[str(model._meta.verbose_name_plural)] += number

    def as_dict(self) -> dict:
        return {
            "removed": [[label, number] for label, number in sorted(self.removed.items())],
            "kept": [[label, reason] for label, reason in self.kept.items()],
        }


def _day(when: dt.datetime) -> dt.datetime:
    """Midnight of the local date: an anonymised response keeps its date, never its time."""
    local = timezone.localtime(when)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _anonymise_own_responses(staff: StaffMember, when, report: Report) -> None:
    own = Response.objects.filter(respondent=staff)
    deleted = Answer.objects.filter(response__in=own).delete()[1]
    count = deleted.get("surveys.Answer", 0)
    if count:
        report.removed["ответы на вопросы анкет (содержание)"] += count
    day = _day(when)
    anonymised = 0
    for response in own.only("pk", "submitted_at", "started_at"):
        stamp = _day(response.submitted_at or response.started_at)
        Response.objects.filter(pk=response.pk).update(
            respondent=None,
            subject=None,
            invitation=None,
            consent=None,
            started_at=stamp,
            updated_at=stamp,
            submitted_at=stamp if response.submitted_at else None,
            anonymised_at=day,
        )
        anonymised += 1
    if anonymised:
        report.kept["анкеты (только факт и дата заполнения, без ответов)"] = (
            "обезличены: остаются в числе заполненных анкет программы"
        )


def _remove_from_others_picks(staff: StaffMember) -> int:
    """Her id in other people's answers: a person pick is cleared, a ranking loses her."""
    changed = 0
    answers = Answer.objects.filter(
        ~Q(question__people_source=PeopleSource.NONE),
        response__version__questionnaire__programme__organisation_id=staff.organisation_id,
    ).select_related("question")
    for answer in answers:
        value = answer.value
        if answer.question.kind == QuestionKind.RANKING and isinstance(value, dict):
            ranked = [p for p in value.get("ranked", []) if p != staff.pk]
            unwanted = [p for p in value.get("unwanted", []) if p != staff.pk]
            if len(ranked) + len(unwanted) != len(value.get("ranked", [])) + len(
                value.get("unwanted", [])
            ):
                answer.value = {"ranked": ranked, "unwanted": unwanted}
                answer.save(update_fields=["value"])
                changed += 1
        elif value == staff.pk:
            answer.value = None
            answer.save(update_fields=["value"])
            changed += 1
    return changed


def _profiles(staff: StaffMember, report: Report) -> tuple[set[int], set[int]]:
    """Profiles go, with proposals on the board; those a pairing holds are emptied and kept."""
    mentees = MenteeProfile.objects.filter(staff=staff)
    mentors = MentorProfile.objects.filter(staff=staff)
    for mentee in mentees:
        report.count(mentee.memberships.filter(pairing__status="proposed").delete()[1])
    for mentor in mentors:
        for pairing in mentor.pairings.filter(status="proposed"):
            report.count(pairing.members.all().delete()[1])
            report.count(pairing.delete()[1])
    kept_mentees = set(mentees.filter(memberships__isnull=False).values_list("pk", flat=True))
    kept_mentors = set(mentors.filter(pairings__isnull=False).values_list("pk", flat=True))
    for profile in MenteeProfile.objects.filter(pk__in=kept_mentees):
        report.count(profile.requests.all().delete()[1])
        report.count(profile.preferences.all().delete()[1])
        MenteeProfile.objects.filter(pk=profile.pk).update(
            category="", preferred_form="", preferred_mentor=None, note="", left_reason=""
        )
    for profile in MentorProfile.objects.filter(pk__in=kept_mentors):
        report.count(profile.competencies.all().delete()[1])
        report.count(profile.preferences.all().delete()[1])
        report.count(profile.interviews.all().delete()[1])
        report.count(profile.training_attendance.all().delete()[1])
        if hasattr(profile, "training_completion"):
            report.count(profile.training_completion.delete()[1])
        MentorProfile.objects.filter(pk=profile.pk).update(
            achievements="",
            preferred_forms=[],
            availability="",
            note="",
            offer_to_others=False,
            capacity=None,
        )
    report.count(mentees.exclude(pk__in=kept_mentees).delete()[1])
    report.count(mentors.exclude(pk__in=kept_mentors).delete()[1])
    if kept_mentees or kept_mentors:
        registered = (
            MenteeProfile.objects.filter(
                pk__in=kept_mentees, memberships__fixed_by__status=REGISTERED
            ).exists()
            or MentorProfile.objects.filter(
                pk__in=kept_mentors, pairings__fixed_by__status=REGISTERED
            ).exists()
        )
        report.kept["участие в наставнической паре (без анкетных сведений)"] = (
            KEPT_REASON_ORDER
            if registered
            else "пара утверждена: трудовые отношения наставничества (ТК РФ ст. 351.8)"
        )
    return kept_mentees, kept_mentors


def _walk_links(staff: StaffMember, kept: dict[str, set[int]], report: Report) -> None:
    """Every other link to the staff record, in every model (also those added later)."""
    for model in apps.get_models():
        if model is Consent:
            continue
        for field in links_to_person(model):
            name = f"{model._meta.label}.{field.name}"
            if name in ROLE_LINKS:
                if model._default_manager.filter(**{field.name: staff}).exists():
                    report.kept[ROLE_LINKS[name]] = "исполнение должностных обязанностей"
                continue
            rows = model._default_manager.filter(**{field.name: staff})
            if model._meta.label in kept:
                rows = rows.exclude(pk__in=kept[model._meta.label])
            if field.many_to_many:
                for row in rows:
                    getattr(row, field.name).remove(staff)
                continue
            if field.null and name not in DELETE_WHEN_LINKED:
                rows.update(**{field.name: None})
            else:
                report.count(rows.delete()[1])


def _copy_rows(copy: AnswerCopy, staff: StaffMember):
    label, name = copy.field.rsplit(".", 1)
    model = apps.get_model(label)
    return model, name, model._default_manager.filter(**{copy.person: staff})


def _rewrite_entries(copy: AnswerCopy, staff: StaffMember) -> int:
    """A JSON list of entries ({key: her mentee profile id, …}): every other value of her
    entries becomes ERASED_TEXT."""
    label, name = copy.field.rsplit(".", 1)
    model = apps.get_model(label)
    profiles = set(MenteeProfile.objects.filter(staff=staff).values_list("pk", flat=True))
    changed = 0
    if not profiles:
        return 0
    for row in model._default_manager.filter(programme__organisation_id=staff.organisation_id):
        entries = getattr(row, name) or []
        ours = [e for e in entries if isinstance(e, dict) and e.get(copy.person) in profiles]
        if not ours:
            continue
        for entry in ours:
            for key in entry:
                if key != copy.person and entry[key] not in (None, ""):
                    entry[key] = ERASED_TEXT
        model._default_manager.filter(pk=row.pk).update(**{name: entries})
        changed += len(ours)
    return changed


def _erase_copies(staff: StaffMember, report: Report) -> None:
    """Every copy of her answers in other records, by the catalogue's rule (ANSWER_COPIES);
    the trail's recorded values of those fields with them. Runs first, while the links that
    find her copies (her mentee profile, her memberships) still exist."""
    hidden: dict[type, tuple[set[int], set[str]]] = {}
    for copy in ANSWER_COPIES:
        if copy.rule == ENTRIES:
            changed = _rewrite_entries(copy, staff)
        else:
            model, name, rows = _copy_rows(copy, staff)
            blank = model._meta.get_field(name).get_default()
            filled = rows.exclude(**{name: blank})
            if copy.rule == REWRITE:
                filled = filled.exclude(**{name: ERASED_TEXT})
            ids = set(filled.values_list("pk", flat=True))
            value = ERASED_TEXT if copy.rule == REWRITE else blank
            changed = model._default_manager.filter(pk__in=ids).update(**{name: value})
            # Her rows whose value was already blank may still have one in the trail.
            every = set(rows.values_list("pk", flat=True))
            seen_ids, seen_fields = hidden.setdefault(model, (set(), set()))
            seen_ids |= every
            seen_fields.add(name)
        if changed:
            report.removed[f"копии её ответов: {copy.label}"] += changed
    for model, (ids, fields) in hidden.items():
        names = {row.pk: str(row) for row in model._default_manager.filter(pk__in=ids)}
        hide_trail_values(model=model, names=names, fields=sorted(fields))


def _registered_notices(staff: StaffMember) -> set[int]:
    """Notices of registered orders are part of the documents that stay."""
    Notice = apps.get_model("pairing", "Notice")
    return set(
        Notice.objects.filter(staff=staff, order__status=REGISTERED).values_list("pk", flat=True)
    )


def erase_person(*, staff: StaffMember, when) -> dict:
    """Delete or anonymise what the product holds about the person; return the report."""
    report = Report()
    user_id = staff.user_id
    _erase_copies(staff, report)
    _anonymise_own_responses(staff, when, report)
    report.count(Response.objects.filter(subject=staff).delete()[1])
    picks = _remove_from_others_picks(staff)
    if picks:
        report.removed["упоминания в ответах других педагогов (выбор человека)"] += picks
    kept_mentees, kept_mentors = _profiles(staff, report)
    kept = {
        "programme.MenteeProfile": kept_mentees,
        "programme.MentorProfile": kept_mentors,
        "pairing.Notice": _registered_notices(staff),
    }
    if kept["pairing.Notice"]:
        report.kept["уведомление о закреплении пары"] = KEPT_REASON_ORDER
    _walk_links(staff, kept, report)
    StaffMember.objects.filter(pk=staff.pk).update(**STAFF_FIELDS_CLEARED)
    report.removed["сведения кадровой карточки (дата рождения и приёма, образование, контакты)"] = 1
    report.kept["фамилия, имя, отчество, должность в кадровом списке"] = (
        "субъект согласия и его отзыва; основание — трудовые отношения (ТК РФ ст. 88)"
    )
    report.kept["согласие и его отзыв"] = "доказательство согласия и отзыва (152-ФЗ ст. 9 ч. 3)"
    entries = anonymise_person_trail(staff_id=staff.pk, user_id=user_id, names=_names(staff))
    if entries:
        report.removed["записи журнала изменений о педагоге (обезличены)"] += entries
    report.kept["запись журнала об отзыве согласия"] = "подтверждает, когда и как отозвано"
    return report.as_dict()


def _names(staff: StaffMember) -> list[str]:
    return [n for n in (staff.full_name, staff.short_name) if n and len(n) > 3]


def stop_sharing(*, staff: StaffMember, when) -> dict:
    """The sharing consent (or the processing one) withdrawn: her card leaves other
    kindergartens' lists at once (the list reads the consent), her requests not yet agreed or
    not yet on a pair are cancelled, and the board proposals that borrowed her are taken off.
    Pairs another kindergarten has confirmed stay until they end (the order fixes them)."""
    Loan = apps.get_model("pairing", "MentorLoan")
    loans = Loan.objects.filter(mentor__staff=staff, status__in=("pending", "accepted"))
    proposals = 0
    for loan in loans.select_related("mentor"):
        proposed = loan.mentor.pairings.filter(programme_id=loan.programme_id, status="proposed")
        for pairing in proposed:
            pairing.members.all().delete()
            pairing.delete()
            proposals += 1
    Pairing = apps.get_model("pairing", "Pairing")
    on_a_pair = Exists(
        Pairing.objects.filter(
            mentor=OuterRef("mentor"),
            programme=OuterRef("programme"),
            status__in=("confirmed", "active"),
        )
    )
    cancelled = loans.exclude(Q(status="accepted") & Q(on_a_pair)).update(
        status="cancelled", closed_at=when, close_reason="наставник отозвала согласие"
    )
    return {"cancelled": cancelled, "proposals_removed": proposals}
