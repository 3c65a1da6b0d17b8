"""Two curators applying the same staff file at the same moment, from two database connections:
one import writes the people, the other is refused as stale — nobody is created twice.

Runs on PostgreSQL, where the organisation's row is locked with SELECT … FOR UPDATE. (SQLite has
one writer at a time by design, so there is no race to show there.)"""

import threading
import time

import pytest
from django.db import connection

from programme.models import StaffMember
from programme.services import staff_import
from programme.tests import staff_import_files as files
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are a PostgreSQL matter"
    ),
]


def test_two_imports_of_one_file_at_once_create_each_person_once(monkeypatch):
    organisation = OrganisationFactory()
    content = files.municipal_csv(50)
    shown = staff_import.staff_import_preview(
        organisation=organisation, content=content, filename="staff.csv"
    )

    # Both imports read the staff list at once unless the lock makes one wait.
    real_staff = staff_import._Staff

    def slow_staff(*args, **kwargs):
        staff = real_staff(*args, **kwargs)
        time.sleep(0.3)
        return staff

    monkeypatch.setattr(staff_import, "_Staff", slow_staff)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def apply():
        start.wait()
        try:
            staff_import.staff_import_apply(
                organisation=organisation,
                content=content,
                filename="staff.csv",
                digest=shown.digest,
            )
            outcomes.append("applied")
        except staff_import.ImportChanged:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["applied", "stale"]
    assert StaffMember.objects.filter(organisation=organisation).count() == 50
