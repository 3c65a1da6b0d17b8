import pytest
from django.apps import apps
from django.core.management import call_command

from programme.models import Activity, Programme, StaffMember

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, int]:
    """Row counts of every model of the project's apps."""
    return {
        model._meta.label: model.objects.count()
        for app in ("programme", "surveys", "pairing", "reports")
        for model in apps.get_app_config(app).get_models()
    }


def test_demo_builds_a_kindergarten_and_running_it_twice_changes_nothing(capsys):
    call_command("demo")
    first = _snapshot()
    call_command("demo")

    assert _snapshot() == first
    assert 30 <= StaffMember.objects.filter(organisation__slug="ds30").count() <= 45
    programme = Programme.objects.get(year=2024, organisation__slug="ds30")
    assert Activity.objects.filter(programme=programme).count() == 33
    assert programme.activities.get(code="1.1").status == "done"
    out = capsys.readouterr().out
    assert "curator" in out and "nastavnik2024" in out
    assert "methodist" in out and "region" in out


def test_demo_puts_the_kindergarten_in_a_city_with_four_more_at_different_stages():
    from programme.models import Organisation, Territory, User
    from reports.selectors.territories import rollup

    call_command("demo")

    city = Territory.objects.get(name="г. Омск", parent__name="Омская область")
    assert city.authority == "Департамент образования Администрации города Омска"
    slugs = set(Organisation.objects.filter(territory=city).values_list("slug", flat=True))
    assert slugs == {"ds30", "ds-omsk-12", "ds-omsk-45", "ds-omsk-87", "ds-omsk-112"}
    assert User.objects.get(username="methodist").territory == city
    assert User.objects.get(username="region").territory == city.parent
    rows = {row.name: row for row in rollup(city).rows}
    stages = [rows[f"Детский сад № {n}"].stage for n in (12, 45, 87, 112)]
    assert stages == [6, 4, 2, 1]
    assert rows["Детский сад № 45"].overdue >= 2 and rows["Детский сад № 12"].mentors == 4
