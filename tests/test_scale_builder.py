"""The national-size builder (bench/scale.py) at a tiny size: 5 kindergartens in 3
municipalities of 2 regions. It reads the tables and foreign keys from the models, so it keeps
working as they change; this test fails the day a model gains a link or a unique field the
copy does not follow (a dangling id, a copy pointing into another kindergarten, a duplicate).

PostgreSQL only: the copy is `INSERT … SELECT … generate_series` with foreign-key triggers off
(session_replication_role) and the territories go in by COPY.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import F

from bench import scale
from pairing.models import Membership, Pairing
from programme.models import Organisation, StaffMember, Territory, User
from surveys.models import Answer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the builder copies with PostgreSQL's generate_series, COPY and replica role",
    ),
]

KINDERGARTENS = 5


@pytest.fixture
def country():
    scale.build_template()
    scale.replicate(KINDERGARTENS - 1, report=lambda *_: None)
    return scale.territories(regions=2, municipalities=3, kindergartens=KINDERGARTENS)


def test_every_copied_link_points_to_an_existing_row(country):
    qn = connection.ops.quote_name
    dangling = []
    with connection.cursor() as cursor:
        for model in scale._per_organisation_models():
            for field in model._meta.fields:
                if not (field.is_relation and field.concrete):
                    continue
                target = field.related_model._meta
                cursor.execute(
                    f"SELECT count(*) FROM {qn(model._meta.db_table)} a "
                    f"LEFT JOIN {qn(target.db_table)} b "
                    f"ON a.{qn(field.column)} = b.{qn(target.pk.column)} "
                    f"WHERE a.{qn(field.column)} IS NOT NULL AND b.{qn(target.pk.column)} IS NULL"
                )
                if cursor.fetchone()[0]:
                    dangling.append(f"{model._meta.label}.{field.name}")
    assert dangling == []


def test_each_kindergarten_is_a_whole_copy_of_its_own(country):
    organisations = list(Organisation.objects.order_by("pk"))
    assert len(organisations) == KINDERGARTENS
    staff = {o.pk: StaffMember.objects.filter(organisation=o).count() for o in organisations}
    assert set(staff.values()) == {scale.TEMPLATE_STAFF}
    for organisation in organisations:
        assert organisation.programmes.count() == 1
        assert Pairing.objects.filter(programme__organisation=organisation).count() == scale.PAIRS
        assert User.objects.filter(organisation=organisation, role="curator").count() == 1
    # A copy's pair, mentee and answers stay in their own kindergarten.
    for membership in Membership.objects.select_related(
        "pairing__programme", "mentee__staff", "pairing__mentor__staff"
    ):
        organisation = membership.pairing.programme.organisation_id
        assert membership.mentee.staff.organisation_id == organisation
        assert membership.pairing.mentor.staff.organisation_id == organisation
    assert not Answer.objects.exclude(
        response__invitation__staff__organisation=F(
            "response__invitation__questionnaire__programme__organisation"
        )
    ).exists()


def test_the_territories_hold_every_kindergarten_once(country):
    municipality, region, in_municipality, in_region = country
    assert Territory.objects.filter(kind="region").count() == 2
    assert Territory.objects.filter(kind="municipality").count() == 3
    assert not Organisation.objects.filter(territory__isnull=True).exists()
    assert Organisation.objects.filter(territory=municipality).count() == in_municipality
    assert Organisation.objects.filter(region.organisations_q()).count() == in_region


def test_a_copied_curator_opens_her_pages(country, client):
    organisation = Organisation.objects.order_by("pk").last()
    curator = User.objects.get(organisation=organisation, role="curator")
    client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")
    for _label, url in scale.kindergarten_pages(organisation):
        assert client.get(url).status_code == 200, url


def test_the_copy_follows_every_model_owned_by_an_organisation():
    owned = set(scale._per_organisation_models())
    assert apps.get_model("programme", "StaffMember") in owned
    assert apps.get_model("surveys", "Answer") in owned
    assert apps.get_model("programme", "Territory") not in owned
