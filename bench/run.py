"""Benchmarks: print the figures the product is held to (speed and size), in a throwaway
database. Run with `make bench` (SQLite) or with DATABASE_URL set (PostgreSQL).

Figures, not assertions: the numbers go into the issue notes and are compared by people.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings_test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import warnings

import django

django.setup()
warnings.filterwarnings("ignore", message="No directory at")

from django.core.signals import request_started  # noqa: E402
from django.db import close_old_connections, reset_queries  # noqa: E402

# As in Django's own TestCase: keep the one in-memory test connection between requests, and
# keep the query log that CaptureQueriesContext reads.
request_started.disconnect(close_old_connections)
request_started.disconnect(reset_queries)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

BENCHES = []


def bench(fn):
    BENCHES.append(fn)
    return fn


def timed(callable_, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = callable_()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def make_world(staff_count: int, slug: str):
    from programme import services
    from programme.models import Organisation, StaffMember, User

    org = Organisation.objects.create(full_name=f"БДОУ {slug}", short_name=slug, slug=slug)
    StaffMember.objects.bulk_create(
        StaffMember(
            organisation=org,
            last_name=f"Фамилия{i}",
            first_name="Имя",
            patronymic="Отчество",
            position="vospitatel",
            experience_total=i % 30,
        )
        for i in range(staff_count)
    )
    user = User.objects.create(username=f"cur-{slug}", organisation=org, role="curator")
    programme = services.programme_create(organisation=org, year=2024, title="Программа 2024")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return org, programme, client


@bench
def programme_creation():
    from programme import services
    from programme.models import Organisation

    org = Organisation.objects.create(full_name="БДОУ bench", short_name="bench", slug="bench-c")
    years = iter(range(2000, 2100))
    ms, _ = timed(
        lambda: services.programme_create(organisation=org, year=next(years), title="П"), 10
    )
    print(f"programme creation (33 activities, presets): {ms:.1f} ms median")


def page_figures(label: str, url_for, sizes=(30, 300, 3000)):
    for size in sizes:
        _org, programme, client = make_world(size, f"{label}-{size}")
        url = url_for(programme)
        client.get(url)  # warm up
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        queries = len(ctx.captured_queries)
        assert response.status_code == 200, (url, response.status_code)
        ms, _ = timed(lambda: client.get(url))  # noqa: B023
        print(
            f"{label} with {size:>4} staff: {ms:7.1f} ms median, "
            f"{queries} queries, {len(response.content) // 1024} KiB"
        )


@bench
def dashboard():
    page_figures("dashboard", lambda p: f"/programmes/{p.pk}/")


@bench
def staff_list():
    page_figures("staff list", lambda p: "/staff/")


@bench
def roadmap_pdf():
    _org, programme, client = make_world(30, "pdf")
    url = f"/programmes/{programme.pk}/roadmap.pdf"
    ms, response = timed(lambda: client.get(url), 3)
    print(f"roadmap PDF: {ms:.0f} ms median, {len(response.content) // 1024} KiB")


def _people_in_bases(programme, count: int):
    """`count` staff as mentees (with two requests each) and a tenth of them as mentors."""
    from programme.models import (
        Competency,
        MenteeProfile,
        MenteeRequest,
        MentorCompetency,
        MentorProfile,
        StaffMember,
    )

    staff = list(StaffMember.objects.filter(organisation=programme.organisation)[:count])
    competencies = list(Competency.objects.filter(organisation=programme.organisation))
    mentors, mentees = staff[: count // 10], staff[count // 10 :]
    profiles = MenteeProfile.objects.bulk_create(
        MenteeProfile(programme=programme, staff=s, status="included") for s in mentees
    )
    MenteeRequest.objects.bulk_create(
        MenteeRequest(
            mentee=m, competency=competencies[(i + k) % len(competencies)], priority=k + 1
        )
        for i, m in enumerate(profiles)
        for k in range(2)
    )
    mentor_profiles = MentorProfile.objects.bulk_create(
        MentorProfile(programme=programme, staff=s, status="ready") for s in mentors
    )
    MentorCompetency.objects.bulk_create(
        MentorCompetency(mentor=m, competency=competencies[i % len(competencies)], level=3)
        for i, m in enumerate(mentor_profiles)
    )


@bench
def bases_pages():
    for size in (30, 300):
        _org, programme, client = make_world(size, f"bases-{size}")
        _people_in_bases(programme, size)
        for label, url in (
            ("mentee base", f"/programmes/{programme.pk}/mentees/"),
            ("mentor base", f"/programmes/{programme.pk}/mentors/"),
            ("comparison", f"/programmes/{programme.pk}/comparison/"),
        ):
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, url
            queries = len(ctx.captured_queries)
            ms, _ = timed(lambda: client.get(url))  # noqa: B023
            print(f"{label} with {size:>4} people: {ms:7.1f} ms median, {queries} queries")


def _answered(programme, questionnaire, people):
    import datetime as dt

    from django.utils import timezone

    from surveys.services import consents, invitations, responses

    version = questionnaire.versions.get()
    scale = [q for q in version.questions.all() if q.kind == "scale"]
    created, _ = invitations.invitations_create(
        questionnaire=questionnaire,
        staff=people,
        by=None,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    for i, invitation in enumerate(created):
        consents.consent_give(staff=invitation.staff, kind="processing", channel="online")
        data = {q.pk: 1 + (i + q.pk) % 10 for q in scale}
        for q in version.questions.filter(required=True).exclude(kind="scale"):
            first = q.choices.first()
            data[q.pk] = (
                (first.value or str(first.pk)) if first else {"yes_no": True}.get(q.kind, "ответ")
            )
        responses.save_answers(invitation=invitation, data=data, submit=True)
    return created


@bench
def questionnaire_results_and_sheets():
    from programme.models import StaffMember

    for size in (30, 300):
        _org, programme, client = make_world(size, f"results-{size}")
        questionnaire = programme.questionnaires.get(kind="satisfaction")
        people = list(StaffMember.objects.filter(organisation=programme.organisation))
        start = time.perf_counter()
        _answered(programme, questionnaire, people)
        per = (time.perf_counter() - start) * 1000 / size
        url = f"/programmes/{programme.pk}/questionnaires/{questionnaire.pk}/results/"
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = len(ctx.captured_queries)
        ms, _ = timed(lambda: client.get(url))  # noqa: B023
        print(
            f"results of {size:>4} responses: {ms:7.1f} ms median, "
            f"{queries} queries; submitting: {per:.1f} ms per response"
        )
    intake = programme.questionnaires.get(kind="mentee_intake")
    from datetime import timedelta

    from django.utils import timezone

    from surveys.services import invitations

    invitations.invitations_create(
        questionnaire=intake,
        staff=people[:35],
        by=None,
        expires_at=timezone.now() + timedelta(days=30),
    )
    sheets = f"/programmes/{programme.pk}/questionnaires/{intake.pk}/invitations/sheets.pdf"
    ms, response = timed(lambda: client.get(sheets), 3)
    print(
        f"invitation sheets PDF, 35 people with QR codes: {ms:.0f} ms median, "
        f"{len(response.content) // 1024} KiB"
    )


@bench
def score_grid():
    from programme.services import assessment

    _org, programme, client = make_world(300, "grid")
    _people_in_bases(programme, 300)
    assessment.ensure_default_parameters(programme=programme)
    from programme.models import AssessmentRound

    baseline = AssessmentRound.objects.create(
        programme=programme, kind="baseline", date=timezone_now_date()
    )
    url = f"/programmes/{programme.pk}/assessment/rounds/{baseline.pk}/mentees/"
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)
    ms, _ = timed(lambda: client.get(url))
    print(f"score grid of 270 mentees: {ms:.1f} ms median, {queries} queries")


@bench
def pairing_board():
    """The board (5.3) on the demo kindergarten: the page and a run of the engine with saving."""
    from pairing.services import board
    from programme import demo
    from programme.models import User

    ctx = demo.run()
    client = Client()
    client.force_login(User.objects.get(username="curator"))
    url = f"/programmes/{ctx.programme.pk}/board/"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    ms, _ = timed(lambda: client.get(url))
    run_ms, _ = timed(lambda: board.board_run(programme=ctx.programme, by=ctx.users["curator"]), 3)
    print(
        f"pairing board, demo kindergarten: page {ms:.1f} ms median, "
        f"{len(response.content) // 1024} KiB (queries: see the board's query-count test); "
        f"a run of the engine with saving {run_ms:.1f} ms"
    )


@bench
def order_pdf():
    """The head's order (5.4) with 50 pairs: the PDF a head signs, and its size."""
    import datetime as dt

    from pairing.models import Membership, Pairing, PairingStatus
    from pairing.services import orders
    from programme.models import MenteeProfile, MentorProfile, StaffMember, User

    org, programme, _client = make_world(100, "order-50")
    staff = list(StaffMember.objects.filter(organisation=org).order_by("pk"))
    user = User.objects.get(username="cur-order-50")
    for i in range(50):
        mentor = MentorProfile.objects.create(
            programme=programme, staff=staff[i], status="ready", labour_consent_on=dt.date.today()
        )
        mentee = MenteeProfile.objects.create(
            programme=programme, staff=staff[50 + i], status="included"
        )
        pairing = Pairing.objects.create(
            programme=programme,
            mentor=mentor,
            status=PairingStatus.CONFIRMED,
            starts_on=dt.date(2024, 9, 1),
            ends_on=dt.date(2025, 5, 31),
        )
        Membership.objects.create(pairing=pairing, mentee=mentee)
    order = orders.order_draft(programme=programme, by=user)
    from reports.documents import order_document

    ms, document = timed(lambda: order_document(order), 3)
    print(f"order PDF with 50 pairs: {ms:.0f} ms median, {len(document.content) // 1024} KiB")


def timezone_now_date():
    from django.utils import timezone

    return timezone.localdate()


def main() -> None:
    wanted = set(sys.argv[1:])
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        for fn in BENCHES:
            if wanted and fn.__name__ not in wanted:
                continue
            try:
                fn()
            except Exception as error:  # a bench whose page is missing says so and goes on
                print(f"{fn.__name__}: not measured ({type(error).__name__}: {error})")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
