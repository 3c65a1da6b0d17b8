"""Benchmark of the year's archive (closing the year, issue 23 §9): a programme of 80 teachers
and 30 pairs, each mentee with an individual plan of 6 activities, the pairs fixed by a
registered order and changed by a registered amendment (a few pairs ended), meetings held, the
outcomes confirmed and written into the bases. Prints the time to build the zip (target ≤ 10 s)
and what is in it, figures not assertions.

    .venv/bin/python bench/archive.py                 # SQLite in memory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring_bench \\
        .venv/bin/python bench/archive.py

The database is a test database made and dropped by the run (Django's test runner names it
test_<name>), never the named one itself. Files go to the in-memory storage.
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

TEACHERS, PAIRS, PLAN_ROWS, RUNS = 80, 30, 6, 3


def build():
    from pairing.models import PairingStatus
    from pairing.services import orders as order_services
    from pairing.services import outcomes as outcome_services
    from pairing.services import pairings as pairing_services
    from programme.services import programme_create
    from tests.factories import OrganisationFactory, StaffMemberFactory, UserFactory
    from tests.factories_pair_work import active_pairs, held, plan_with_rows

    organisation = OrganisationFactory(short_name="МАДОУ № 30", slug="ds30")
    curator = UserFactory(username="curator", organisation=organisation, role="curator")
    StaffMemberFactory(organisation=organisation, user=curator, last_name="Кураторова")
    programme = programme_create(
        organisation=organisation,
        year=2024,
        title="Программа наставничества на 2024 год",
        curator=curator.staff_member,
    )
    pairs = active_pairs(programme, curator, PAIRS)  # 60 teachers in the bases
    for _ in range(TEACHERS - 2 * PAIRS - 1):
        StaffMemberFactory(organisation=organisation)
    for pairing in pairs:
        plan_with_rows(pairing, PLAN_ROWS, approve_by=curator)
    for index, pairing in enumerate(pairs):
        held(pairing, "organisational", dt.date(2024, 9, 10))
        if index < 25:
            held(pairing, "final", dt.date(2025, 4, 30))
        else:
            pairing_services.pairing_terminate(
                pairing=pairing, on=dt.date(2025, 3, 14), reason="перевод в другую организацию"
            )
    draft = order_services.order_draft(programme=programme, by=curator)
    order_services.order_update(order=draft, number="80-о", date=dt.date(2025, 5, 5))
    order_services.order_register(order=draft, by=curator)
    for pairing in pairs:
        pairing.refresh_from_db()
        assert pairing.status in (PairingStatus.COMPLETED, PairingStatus.TERMINATED)
        outcome_services.outcome_record(
            pairing=pairing, by=curator, result="full", conclusion="Цель достигнута."
        )
        outcome_services.outcome_confirm(pairing=pairing, by=curator)
    return programme, curator


def main() -> None:
    from reports.models import ArchiveJob
    from reports.services import closing

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        started = time.perf_counter()
        programme, curator = build()
        print(f"data built in {time.perf_counter() - started:.1f} s on {connection.vendor}")

        per_source = {}

        def timed(source):
            def run(programme):
                begun = time.perf_counter()
                files = source(programme)
                per_source[source.__name__] = time.perf_counter() - begun
                return files

            run.__doc__ = source.__doc__
            return run

        closing.archive_bytes(programme=programme)  # warm: fonts, templates
        sources = closing.ARCHIVE_SOURCES
        closing.ARCHIVE_SOURCES = [timed(s) for s in sources]
        timings = []
        for _ in range(RUNS):
            begun = time.perf_counter()
            content, count = closing.archive_bytes(programme=programme)
            timings.append(time.perf_counter() - begun)
        closing.ARCHIVE_SOURCES = sources

        begun = time.perf_counter()
        job = closing.archive_start(programme=programme, by=curator)
        job = ArchiveJob.objects.get(pk=job.pk)
        through_job = time.perf_counter() - begun

        print(f"programme: {TEACHERS} teachers, {PAIRS} pairs, plans of {PLAN_ROWS} activities")
        print(f"zip: {count} files, {len(content) / 1024:.0f} KiB")
        print(
            f"archive_bytes: median {statistics.median(timings):.2f} s, "
            f"max {max(timings):.2f} s over {RUNS} runs (target ≤ 10 s)"
        )
        for name, seconds in per_source.items():
            print(f"  {name:<16} {seconds:.2f} s (last run)")
        print(
            f"through the job (start → done, immediate worker): {through_job:.2f} s, {job.status}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
