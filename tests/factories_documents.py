"""Factories for the printable documents' tests (the 1.1 informing event)."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from programme.models import Event
from programme.models.events import EventKind
from tests.factories import ProgrammeFactory


class InformingEventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    programme = factory.SubFactory(ProgrammeFactory)
    kind = EventKind.INFORMING
    title = "Старт программы наставничества"
    starts_at = factory.LazyFunction(lambda: timezone.make_aware(dt.datetime(2024, 2, 5, 13, 30)))
    place = "методический кабинет"
