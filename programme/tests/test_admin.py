import pytest
from django.test import Client

from programme import services
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_curator_client(curator):
    services.grant_admin_access(user=curator)
    client = Client()
    client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_curator_works_in_the_admin_in_russian(admin_curator_client, programme):
    response = admin_curator_client.get("/admin/programme/activity/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Мероприятия дорожной карты" in content
    assert "Информирование педагогического сообщества" in content


def test_curator_sees_only_own_organisation_in_the_admin(admin_curator_client, org, other_org):
    StaffMemberFactory(organisation=org, last_name="Своя")
    StaffMemberFactory(organisation=other_org, last_name="Чужая")

    content = admin_curator_client.get("/admin/programme/staffmember/").content.decode()
    add_form = admin_curator_client.get("/admin/programme/staffmember/add/").content.decode()

    assert "Своя" in content and "Чужая" not in content
    assert org.short_name in add_form and other_org.short_name not in add_form


def test_curator_cannot_manage_organisations_or_logins_in_the_admin(admin_curator_client):
    assert admin_curator_client.get("/admin/programme/organisation/").status_code == 403
    assert admin_curator_client.get("/admin/programme/user/").status_code == 403


def test_staff_admin_offers_import_and_export(admin_curator_client):
    content = admin_curator_client.get("/admin/programme/staffmember/").content.decode()

    assert "/admin/programme/staffmember/import/" in content
    assert "/admin/programme/staffmember/export/" in content
    assert admin_curator_client.get("/admin/programme/staffmember/import/").status_code == 200
