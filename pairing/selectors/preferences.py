"""Reads of the preferences said after the group meeting (5.2): the programme's preference
questionnaire, who receives it, and what each participant said of the other side, with the
mutual first choices. Every read here takes a fixed number of queries, whatever the number of
people."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from programme.models import (
    Event,
    MenteeProfile,
    MentorProfile,
    Preference,
    Programme,
    StaffMember,
)
from programme.models.bases import PreferenceSide
from programme.selectors.bases import PAIRABLE_MENTEE_STATUSES, READY_MENTOR_STATUSES
from surveys.models import Invitation, InvitationStatus, Questionnaire, QuestionnaireKind


def preference_questionnaire(programme: Programme) -> Questionnaire | None:
    """The programme's preference questionnaire in use (the newest, if there are several)."""
    return (
        Questionnaire.objects.filter(
            programme=programme, kind=QuestionnaireKind.PREFERENCE, is_active=True
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def meeting_attendees(event: Event) -> QuerySet[StaffMember]:
    """Staff marked present at the event."""
    return StaffMember.objects.filter(
        pk__in=event.invitees.filter(attended=True).values("staff_id")
    ).order_by("last_name", "first_name", "patronymic")


def preference_participants(programme: Programme) -> QuerySet[StaffMember]:
    """Who says preferences and is ranked (5.2): the ready mentors (and mentors) and the
    mentees included in the base — those the board may pair."""
    mentors = MentorProfile.objects.filter(
        programme=programme, status__in=READY_MENTOR_STATUSES
    ).values("staff_id")
    mentees = MenteeProfile.objects.filter(
        programme=programme, status__in=PAIRABLE_MENTEE_STATUSES
    ).values("staff_id")
    return StaffMember.objects.filter(Q(pk__in=mentors) | Q(pk__in=mentees))


@dataclass
class Pick:
    """A place in someone's ranking: whom, which place, and whether it is mutual first."""

    person: StaffMember
    rank: int
    mutual_first: bool = False


@dataclass
class PersonPreferences:
    """What one participant said of the other side."""

    staff: StaffMember
    status: str
    ranked: list[Pick] = field(default_factory=list)
    unwanted: list[StaffMember] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        return bool(self.ranked or self.unwanted)

    @property
    def mutual_first(self) -> StaffMember | None:
        first = self.ranked[0] if self.ranked else None
        return first.person if first is not None and first.mutual_first else None


@dataclass
class PreferencesOverview:
    mentees: list[PersonPreferences]
    mentors: list[PersonPreferences]
    mutual: list[tuple[StaffMember, StaffMember]]  # (mentee, mentor), each the other's first

    @property
    def mentees_answered(self) -> int:
        return sum(1 for row in self.mentees if row.answered)

    @property
    def mentors_answered(self) -> int:
        return sum(1 for row in self.mentors if row.answered)


@dataclass
class SideAnswering:
    """Of one side, those who were sent the preference questionnaire and who of them answered."""

    sent: list[StaffMember] = field(default_factory=list)
    silent: list[StaffMember] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return len(self.sent) - len(self.silent)


@dataclass
class PreferenceAnswering:
    mentees: SideAnswering
    mentors: SideAnswering


def preference_answering(programme: Programme) -> PreferenceAnswering:
    """Everyone sent the preference questionnaire (a link not revoked, or an answer given),
    mentors and mentees apart, and who of them has not answered yet — the same count as the
    dashboard's «ответили N из M». Two queries."""
    invitations = (
        Invitation.objects.filter(
            questionnaire__programme=programme,
            questionnaire__kind=QuestionnaireKind.PREFERENCE,
        )
        .filter(Q(revoked_at__isnull=True) | Q(status=InvitationStatus.SUBMITTED))
        .select_related("staff")
        .order_by("staff__last_name", "staff__first_name", "staff__patronymic", "staff_id")
    )
    people: dict[int, StaffMember] = {}
    answered: set[int] = set()
    for invitation in invitations:
        people.setdefault(invitation.staff_id, invitation.staff)
        if invitation.status == InvitationStatus.SUBMITTED:
            answered.add(invitation.staff_id)
    mentor_ids = set(
        MentorProfile.objects.filter(programme=programme, staff_id__in=list(people)).values_list(
            "staff_id", flat=True
        )
    )
    result = PreferenceAnswering(mentees=SideAnswering(), mentors=SideAnswering())
    for pk, person in people.items():
        side = result.mentors if pk in mentor_ids else result.mentees
        side.sent.append(person)
        if pk not in answered:
            side.silent.append(person)
    return result


def _said(side: str, other: str) -> Prefetch:
    return Prefetch(
        "preferences",
        queryset=Preference.objects.filter(side=side)
        .select_related(f"{other}__staff")
        .order_by("unwanted", "rank", f"{other}__staff__last_name", f"{other}__staff__first_name"),
        to_attr="said",
    )


def preferences_overview(programme: Programme) -> PreferencesOverview:
    """Per mentee, her ranking of the mentors and the unwanted ones; per mentor, his of the
    mentees; and the pairs who put each other first. Four queries.

    Listed: the participants the board may pair, and anybody else who has said preferences
    (a mentee since paired, say)."""
    name_order = ("staff__last_name", "staff__first_name", "staff__patronymic")
    mentees = list(
        MenteeProfile.objects.filter(programme=programme)
        .filter(
            Q(status__in=PAIRABLE_MENTEE_STATUSES)
            | Exists(Preference.objects.filter(mentee=OuterRef("pk"), side=PreferenceSide.MENTEE))
        )
        .select_related("staff")
        .prefetch_related(_said(PreferenceSide.MENTEE, "mentor"))
        .order_by(*name_order)
    )
    mentors = list(
        MentorProfile.objects.filter(programme=programme)
        .filter(
            Q(status__in=READY_MENTOR_STATUSES)
            | Exists(Preference.objects.filter(mentor=OuterRef("pk"), side=PreferenceSide.MENTOR))
        )
        .select_related("staff")
        .prefetch_related(_said(PreferenceSide.MENTOR, "mentee"))
        .order_by(*name_order)
    )
    mentee_first = {
        m.pk: p.mentor_id for m in mentees for p in m.said if p.rank == 1 and not p.unwanted
    }
    mentor_first = {
        m.pk: p.mentee_id for m in mentors for p in m.said if p.rank == 1 and not p.unwanted
    }
    mutual_ids = {
        (mentee_id, mentor_id)
        for mentee_id, mentor_id in mentee_first.items()
        if mentor_first.get(mentor_id) == mentee_id
    }

    def rows(profiles, other: str, pair_of) -> list[PersonPreferences]:
        result = []
        for profile in profiles:
            row = PersonPreferences(staff=profile.staff, status=profile.get_status_display())
            for preference in profile.said:
                person = getattr(preference, other).staff
                if preference.unwanted:
                    row.unwanted.append(person)
                else:
                    mutual = preference.rank == 1 and pair_of(profile, preference) in mutual_ids
                    row.ranked.append(Pick(person, preference.rank, mutual))
            result.append(row)
        return result

    mentee_rows = rows(mentees, "mentor", lambda me, p: (me.pk, p.mentor_id))
    mentor_rows = rows(mentors, "mentee", lambda me, p: (p.mentee_id, me.pk))
    mutual = [(row.staff, row.mutual_first) for row in mentee_rows if row.mutual_first is not None]
    return PreferencesOverview(mentees=mentee_rows, mentors=mentor_rows, mutual=mutual)
