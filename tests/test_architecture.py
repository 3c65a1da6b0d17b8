"""The import contract (.ci/imports.py) holds for the tree, and it catches what it forbids."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _checker():
    spec = importlib.util.spec_from_file_location("ci_imports", ROOT / ".ci" / "imports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_project_has_no_import_cycles_and_its_layers_point_one_way():
    assert _checker().check(ROOT) == []


def test_a_new_cycle_is_reported_even_through_an_import_inside_a_function(tmp_path):
    root = _tree(
        tmp_path,
        {
            "surveys/__init__.py": "",
            "surveys/tasks.py": "from .services import invitations\n",
            "surveys/services/__init__.py": "",
            "surveys/services/invitations.py": "def send():\n    from ..tasks import x\n",
        },
    )
    problems = _checker().check(root)
    assert "cycle: surveys.services.invitations <-> surveys.tasks" in problems
    # tasks → services is the allowed arrow; the service importing the task is the wrong one
    assert "layers: surveys.services.invitations (services) imports surveys.tasks" in problems


def test_a_service_importing_a_view_breaks_the_layers(tmp_path):
    root = _tree(
        tmp_path,
        {
            "pairing/__init__.py": "",
            "pairing/services.py": "from .views import board\n",
            "pairing/views.py": "def board():\n    pass\n",
        },
    )
    assert _checker().check(root) == ["layers: pairing.services (services) imports pairing.views"]


def test_models_may_not_import_services_of_another_app(tmp_path):
    root = _tree(
        tmp_path,
        {
            "programme/__init__.py": "",
            "programme/models/__init__.py": "from .bases import X\n",
            "programme/models/bases.py": "from surveys.services.consents import y\nX = 1\n",
            "surveys/__init__.py": "",
            "surveys/services/__init__.py": "",
            "surveys/services/consents.py": "y = 1\n",
        },
    )
    assert _checker().check(root) == [
        "layers: programme.models.bases (models) imports surveys.services.consents"
    ]


def test_the_matching_engine_may_not_import_django(tmp_path):
    root = _tree(
        tmp_path,
        {
            "pairing/__init__.py": "",
            "pairing/engine.py": "import numpy\nfrom django.db import models\n",
        },
    )
    assert _checker().check(root) == ["pairing.engine must stay pure but imports django.db"]


def test_a_package_importing_its_own_parts_is_not_a_cycle(tmp_path):
    root = _tree(
        tmp_path,
        {
            "programme/__init__.py": "",
            "programme/admin/__init__.py": "from . import bases, base\n",
            "programme/admin/base.py": "class Scoped:\n    pass\n",
            "programme/admin/bases.py": "from .base import Scoped\n",
        },
    )
    assert _checker().check(root) == []


def test_the_leaf_helpers_may_not_import_an_app(tmp_path):
    root = _tree(
        tmp_path,
        {
            "common/__init__.py": "",
            "common/formatting.py": "from programme.models import Staff\n",
            "programme/__init__.py": "",
            "programme/models.py": "Staff = 1\n",
        },
    )
    assert _checker().check(root) == [
        "common.formatting is a leaf helper but imports programme.models"
    ]


def test_an_app_may_not_import_reports_which_stands_on_top(tmp_path):
    root = _tree(
        tmp_path,
        {
            "pairing/__init__.py": "",
            "pairing/services.py": "from reports.documents import order\n",
            "pairing/tests/__init__.py": "",
            "pairing/tests/test_x.py": "from reports.documents import order\n",
            "reports/__init__.py": "",
            "reports/documents.py": "order = 1\n",
        },
    )
    assert _checker().check(root) == [
        "pairing.services imports reports.documents: only reports stands on top"
    ]


# --- One sane-date rule for every date a person types ------------------------------------------

OUR_APPS = ("programme", "surveys", "pairing", "reports")

# Date fields no person types: the services set them from the clock (timezone.now(), or a
# lifetime in days added to it), and no form of the site shows them. Fields with auto_now /
# auto_now_add are not listed: Django makes them non-editable. A new field goes here only with
# its reason; every other editable date carries the sane-date rule.
MACHINE_SET_DATES = {
    # a shared mentor's request: stamped when each side answers and when it closes
    "pairing.MentorLoan.mentor_answered_at",
    "pairing.MentorLoan.home_answered_at",
    "pairing.MentorLoan.closed_at",
    # Django's own user fields: the sign-in sets last_login, the account's creation date_joined
    "programme.User.last_login",
    "programme.User.date_joined",
    # django-auditlog stamps each entry with now()
    "programme.AuditEntry.timestamp",
    # the moment a service changed a status, recorded minutes, marked a completion
    "programme.MenteeProfile.status_changed_at",
    "programme.MentorProfile.status_changed_at",
    "programme.Event.minutes_recorded_at",
    "programme.TrainingCompletion.marked_at",
    # the background staff import's end, the curator's «выполнено» on a join request
    "programme.StaffImportJob.finished_at",
    "surveys.JoinRequest.done_at",
    # stamps of services: the early end's letters sent, the curator putting a mentor back,
    # the outcome recorded, confirmed or returned
    "pairing.Pairing.end_notified_at",
    "pairing.Pairing.mentor_back_at",
    "pairing.PairingOutcome.recorded_at",
    "pairing.PairingOutcome.confirmed_at",
    "pairing.PairingOutcome.returned_at",
    # consents, invitations and responses: given, sent, opened, revoked, submitted now; an
    # invitation's expiry is now plus the lifetime in days the curator chooses (1–365)
    "surveys.Consent.given_at",
    "surveys.Consent.withdrawn_at",
    "surveys.Invitation.expires_at",
    "surveys.Invitation.opened_at",
    "surveys.Invitation.reminded_at",
    "surveys.Invitation.revoked_at",
    "surveys.Invitation.sent_at",
    "surveys.Response.submitted_at",
    "surveys.Response.anonymised_at",
    # pairing's steps stamped when they happen: confirmed, registered, printed, emailed,
    # submitted, approved, superseded, reminded, sent, revoked, used; a sign-in link's expiry is
    # now plus its fixed lifetime
    "pairing.Pairing.confirmed_at",
    "pairing.Order.registered_at",
    "pairing.Notice.emailed_at",
    "pairing.Notice.printed_at",
    "pairing.Plan.submitted_at",
    "pairing.Plan.approved_at",
    "pairing.Plan.superseded_at",
    "pairing.Meeting.reminder_sent_at",
    "pairing.FeedbackRound.sent_at",
    "pairing.CalendarFeed.revoked_at",
    "pairing.SignInLink.expires_at",
    "pairing.SignInLink.used_at",
    # the ceremony's invitation emailed (stamped once, by a conditional update)
    "programme.EventInvitee.invited_at",
    "programme.EventGuest.invited_at",
    # a case is stamped when the curator publishes it
    "reports.Case.published_at",
    # closing the year (issue 23 §7–9): the close, the archive job, the bases' outcome rows
    "programme.Programme.closed_at",
    "programme.MentorProfile.long_term_agreed_on",
    "programme.OutcomeEntry.ended_on",
    "reports.ArchiveJob.finished_at",
    # the annual return: a version stamped when the head submits it, a reminder when sent
    "reports.OrganisationReturn.submitted_at",
    "reports.ReturnReminder.sent_at",
}


def _has_sane_date_rule(validators) -> bool:
    from programme.validators import validate_birth_date, validate_sane_date

    return any(v in (validate_sane_date, validate_birth_date) for v in validators)


def _model_date_fields():
    from django.apps import apps
    from django.db import models

    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.DateField) and field.editable:  # DateTimeField too
                yield f"{model._meta.label}.{field.name}", field


def test_every_date_a_person_types_into_a_model_carries_the_sane_date_rule():
    fields = dict(_model_date_fields())
    missing = [
        label
        for label, field in fields.items()
        if label not in MACHINE_SET_DATES and not _has_sane_date_rule(field.validators)
    ]
    assert missing == []
    # the allow-list names real fields that really lack the rule (no stale entries)
    assert set(fields) >= MACHINE_SET_DATES
    assert not [x for x in MACHINE_SET_DATES if _has_sane_date_rule(fields[x].validators)]


def _our_form_classes():
    import importlib
    import pkgutil

    from django import forms

    # every module of our apps (a form may be declared anywhere), tests and migrations aside
    for app in OUR_APPS:
        package = importlib.import_module(app)
        for found in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not {"tests", "migrations"} & set(found.name.split(".")):
                importlib.import_module(found.name)

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return {c for c in walk(forms.BaseForm) if c.__module__.split(".")[0] in OUR_APPS}


def test_every_form_with_a_date_field_applies_the_sane_date_rule_and_names_the_field():
    from django import forms

    from programme.forms.base import SaneDates

    with_dates = {
        cls
        for cls in _our_form_classes()
        if any(
            isinstance(f, forms.DateField | forms.DateTimeField) for f in cls.base_fields.values()
        )
    }
    assert len(with_dates) >= 15  # the walk finds the forms
    assert sorted(c.__qualname__ for c in with_dates if not issubclass(c, SaneDates)) == []
