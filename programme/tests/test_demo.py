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
