"""Territories (issue 24, item 1): a coordinator reads the kindergartens of her territory and
nothing else — every page of a kindergarten outside it answers 404 (or refuses before looking)."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from programme import access
from programme.models import Organisation, Territory, TerritoryKind
from tests.factories import OrganisationFactory, UserFactory
from tests.test_url_permissions import (
    ALL_ROUTES,
    CHANGES,
    NAMES,
    READS,
    REGIONAL,
    SECRET,
    _regional_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def omsk_region(db):
    return Territory.objects.create(name="Омская область", kind=TerritoryKind.REGION)


@pytest.fixture
def omsk(omsk_region):
    return Territory.objects.create(
        name="г. Омск", kind=TerritoryKind.MUNICIPALITY, parent=omsk_region
    )


@pytest.fixture
def tara(omsk_region):
    return Territory.objects.create(
        name="Тарский район", kind=TerritoryKind.MUNICIPALITY, parent=omsk_region
    )


def _coordinator(territory, username):
    user = UserFactory(username=username, organisation=None, role="regional", territory=territory)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return user, client


def test_a_municipal_coordinator_reads_her_municipality_only(org, other_org, omsk, tara):
    org.territory = omsk
    org.save()
    other_org.territory = tara
    other_org.save()
    OrganisationFactory(short_name="ДС областной", slug="obl", territory=omsk.parent)
    user, _client = _coordinator(omsk, "omsk")

    assert set(access.organisations_for(user)) == {org}


def test_a_regional_coordinator_reads_every_municipality_of_her_region(
    org, other_org, omsk, tara, omsk_region
):
    Organisation.objects.filter(pk=org.pk).update(territory=omsk)
    Organisation.objects.filter(pk=other_org.pk).update(territory=tara)
    direct = OrganisationFactory(short_name="ДС областной", slug="obl", territory=omsk_region)
    elsewhere = Territory.objects.create(name="Новосибирская область", kind=TerritoryKind.REGION)
    OrganisationFactory(short_name="ДС НСО", slug="nso", territory=elsewhere)
    user, _client = _coordinator(omsk_region, "oblast")

    assert set(access.organisations_for(user)) == {org, other_org, direct}


def test_a_municipality_needs_a_region_and_a_region_has_none(omsk_region):
    with pytest.raises(IntegrityError), transaction.atomic():
        Territory.objects.create(name="Без региона", kind=TerritoryKind.MUNICIPALITY)
    municipality = Territory.objects.create(
        name="Исилькульский район", kind=TerritoryKind.MUNICIPALITY, parent=omsk_region
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Territory.objects.create(
            name="Регион в регионе", kind=TerritoryKind.REGION, parent=municipality
        )


def _routes_of(*kinds):
    return [(name, route) for name, route in ALL_ROUTES if REGIONAL.get(name) in kinds]


@pytest.mark.parametrize(
    ("name", "route"),
    _routes_of(READS, NAMES, CHANGES),
    ids=[n for n, _r in _routes_of(READS, NAMES, CHANGES)],
)
def test_a_coordinator_of_another_municipality_gets_404_on_every_page_of_the_kindergarten(
    kindergarten, org, omsk, tara, name, route
):
    Organisation.objects.filter(pk=org.pk).update(territory=omsk)
    _user, client = _coordinator(tara, "tara")
    url = _regional_url(route, kindergarten)

    page = client.get(url)

    if (
        REGIONAL[name] == READS and "<int:pk>" not in route
    ):  # a list of her territory's programmes: without this one
        assert page.status_code == 200, url
        assert org.short_name not in page.content.decode(errors="replace"), url
    elif REGIONAL[name] == READS:
        assert page.status_code == 404, (url, page.status_code)
    else:  # refused before the record is looked up: the same answer for any kindergarten
        assert page.status_code in (403, 404, 405), (url, page.status_code)
    assert SECRET not in page.content.decode(errors="replace"), url
    assert client.post(url, {}).status_code in (403, 404, 405), url


@pytest.mark.parametrize(
    ("name", "route"), _routes_of(READS), ids=[n for n, _r in _routes_of(READS)]
)
def test_the_coordinator_of_the_kindergartens_region_reads_its_figures(
    kindergarten, org, omsk, name, route
):
    Organisation.objects.filter(pk=org.pk).update(territory=omsk)
    _user, client = _coordinator(omsk.parent, "oblast")
    url = _regional_url(route, kindergarten)

    page = client.get(url)

    if name == "surveys:results_open":
        assert page.status_code == 404, url
        return
    assert page.status_code in (200, 302), (url, page.status_code)
