"""Factories and builders of stage 5: ready mentors and included mentees with their consents,
pairings, memberships and orders."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from pairing.models import Membership, Order, Pairing, PairingStatus
from programme.models import Competency, MenteeProfile, MentorProfile, Programme
from programme.models.bases import MenteeStatus, MentorStatus
from programme.models.roadmap import MentoringForm
from surveys.models import ConsentChannel, ConsentKind
from surveys.services import consents

from .factories import (
    MenteeProfileFactory,
    MenteeRequestFactory,
    MentorCompetencyFactory,
    MentorProfileFactory,
)


def give_processing_consent(staff) -> None:
    consents.consent_give(
        staff=staff, kind=ConsentKind.PROCESSING, channel=ConsentChannel.ONLINE, ip_address=None
    )


def ready_mentor(
    programme: Programme,
    competencies: dict[Competency, int],
    *,
    capacity: int | None = None,
    consent: bool = True,
    labour_consent: bool = True,
    status: str = MentorStatus.READY,
    **staff,
) -> MentorProfile:
    """A mentor the board may pair: «готов», the 351.8 consent, the personal-data consent."""
    mentor = MentorProfileFactory(
        programme=programme,
        status=status,
        capacity=capacity,
        labour_consent_on=dt.date(2024, 4, 1) if labour_consent else None,
        **{f"staff__{key}": value for key, value in staff.items()},
    )
    for competency, level in competencies.items():
        MentorCompetencyFactory(mentor=mentor, competency=competency, level=level)
    if consent:
        give_processing_consent(mentor.staff)
    return mentor


def included_mentee(
    programme: Programme,
    requests: dict[Competency, int],
    *,
    consent: bool = True,
    status: str = MenteeStatus.INCLUDED,
    **staff,
) -> MenteeProfile:
    """A mentee the board may pair: «включён в базу» with requests and the consent."""
    mentee = MenteeProfileFactory(
        programme=programme,
        status=status,
        **{f"staff__{key}": value for key, value in staff.items()},
    )
    for competency, priority in requests.items():
        MenteeRequestFactory(mentee=mentee, competency=competency, priority=priority)
    if consent:
        give_processing_consent(mentee.staff)
    return mentee


class PairingFactory(DjangoModelFactory):
    class Meta:
        model = Pairing

    programme = factory.SelfAttribute("mentor.programme")
    mentor = factory.SubFactory(MentorProfileFactory)
    form = MentoringForm.TEACHER_TEACHER
    starts_on = dt.date(2024, 9, 1)
    ends_on = dt.date(2025, 5, 31)
    status = PairingStatus.CONFIRMED


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    pairing = factory.SubFactory(PairingFactory)
    mentee = factory.SubFactory(
        MenteeProfileFactory, programme=factory.SelfAttribute("..pairing.programme")
    )
    score = 10.0
    reason = "закрывает запросы"


class OrderFactory(DjangoModelFactory):
    class Meta:
        model = Order

    programme = factory.SubFactory("tests.factories.ProgrammeFactory")
    kind = "order"
    title = "О закреплении наставнических пар (групп)"
    city = "Омск"
