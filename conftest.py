"""Fixtures shared by every app's tests: organisations and people named after their roles.

alice is the curator of kindergarten No. 30; bob is a teacher there; carol is the curator of
another kindergarten and must never see alice's data.
"""

import pytest
from django.test import Client

from tests.factories import (
    OrganisationFactory,
    ProgrammeFactory,
    StaffMemberFactory,
    UserFactory,
)

pytest_plugins = ["tests.kindergarten_fixture"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Counters in the cache (throttled link guessing) never leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(db):
    return OrganisationFactory(
        short_name="Детский сад № 30",
        full_name="БДОУ г. Омска «Центр развития ребенка – детский сад № 30»",
        slug="ds30",
        head_name="Синицына Светлана Викторовна",
    )


@pytest.fixture
def other_org(db):
    return OrganisationFactory(short_name="Детский сад № 7", slug="ds7")


@pytest.fixture
def curator(org):
    user = UserFactory(username="alice", organisation=org, role="curator", last_name="Алексеева")
    StaffMemberFactory(
        organisation=org, user=user, last_name="Алексеева", position="starshiy_vospitatel"
    )
    return user


@pytest.fixture
def head(org):
    return UserFactory(username="henry", organisation=org, role="head", last_name="Синицына")


@pytest.fixture
def teacher(org):
    user = UserFactory(username="bob", organisation=org, role="teacher", last_name="Борисов")
    StaffMemberFactory(organisation=org, user=user, last_name="Борисов")
    return user


@pytest.fixture
def other_curator(other_org):
    return UserFactory(username="carol", organisation=other_org, role="curator")


@pytest.fixture
def regional(db):
    return UserFactory(username="regina", organisation=None, role="regional")


@pytest.fixture
def programme(org, curator):
    return ProgrammeFactory(organisation=org, curator=curator.staff_member)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def curator_client(curator):
    return _client_for(curator)


@pytest.fixture
def head_client(head):
    return _client_for(head)


@pytest.fixture
def teacher_client(teacher):
    return _client_for(teacher)


@pytest.fixture
def other_curator_client(other_curator):
    return _client_for(other_curator)


@pytest.fixture
def regional_client(regional):
    return _client_for(regional)
