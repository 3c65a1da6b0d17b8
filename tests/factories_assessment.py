"""Factories for assessment, interviews and training."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from programme.models import (
    AssessmentParameter,
    AssessmentRound,
    Expert,
    Interview,
    Score,
    TrainingSession,
)
from tests.factories import MentorProfileFactory, OrganisationFactory, ProgrammeFactory


class AssessmentParameterFactory(DjangoModelFactory):
    class Meta:
        model = AssessmentParameter

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Параметр {n}")
    applies_to = "mentees"
    scale_min = 1
    scale_max = 5
    order = factory.Sequence(lambda n: n)


class AssessmentRoundFactory(DjangoModelFactory):
    class Meta:
        model = AssessmentRound
        django_get_or_create = ["programme", "kind"]

    programme = factory.SubFactory(ProgrammeFactory)
    kind = "baseline"
    date = dt.date(2024, 3, 5)


class ScoreFactory(DjangoModelFactory):
    class Meta:
        model = Score

    round = factory.SubFactory(AssessmentRoundFactory)
    parameter = factory.SubFactory(
        AssessmentParameterFactory, programme=factory.SelfAttribute("..round.programme")
    )
    staff = None
    value = 3


class InterviewFactory(DjangoModelFactory):
    class Meta:
        model = Interview

    mentor = factory.SubFactory(MentorProfileFactory)
    programme = factory.SelfAttribute("mentor.programme")
    date = dt.date(2024, 3, 20)
    conclusion = ""


class ExpertFactory(DjangoModelFactory):
    class Meta:
        model = Expert

    organisation = factory.SubFactory(OrganisationFactory)
    full_name = factory.Sequence(lambda n: f"Экспертова Анна {n}")
    organisation_name = "ИРООО"


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession

    programme = factory.SubFactory(ProgrammeFactory)
    date = dt.date(2024, 4, 3)
    topic = factory.Sequence(lambda n: f"Занятие {n}")
