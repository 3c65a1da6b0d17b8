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


def _submitted_in_bulk(questionnaire, people):
    """Submitted responses of `people` with an answer to every question, written in bulk (the
    results page only reads them; submitting is measured by bench/load.py)."""
    import random

    from django.utils import timezone

    from surveys.models import Answer, Response, ResponseStatus

    version = questionnaire.versions.get()
    questions = list(version.questions.prefetch_related("choices"))
    now = timezone.now()
    made = Response.objects.bulk_create(
        Response(
            version=version,
            respondent=person,
            status=ResponseStatus.SUBMITTED,
            submitted_at=now,
        )
        for person in people
    )
    rng = random.Random(12)

    def value(q, i):
        if q.kind == "scale":
            return rng.randint(q.scale_min or 1, q.scale_max or 10)
        if q.kind == "yes_no":
            return rng.random() < 0.7
        if q.kind in ("single", "multiple"):
            choices = [c.value or str(c.pk) for c in q.choices.all()]
            pick = rng.choice(choices) if choices else "—"
            return [pick] if q.kind == "multiple" else pick
        if q.kind == "number":
            return rng.randint(0, 30)
        return f"Открытый ответ номер {i}: что было ценным и чего не хватило"

    Answer.objects.bulk_create(
        (
            Answer(response=r, question=q, value=value(q, i))
            for i, r in enumerate(made)
            for q in questions
        ),
        batch_size=5000,
    )


@bench
def questionnaire_results_at_scale():
    """The results page of the satisfaction questionnaire at 30, 300 and 3,000 responses:
    counted in the database, the same queries and (about) the same time at every size."""
    from programme.models import StaffMember

    for size in (30, 300, 3000):
        _org, programme, client = make_world(size, f"results-db-{size}")
        questionnaire = programme.questionnaires.get(kind="satisfaction")
        people = list(StaffMember.objects.filter(organisation=programme.organisation))
        _submitted_in_bulk(questionnaire, people)
        url = f"/programmes/{programme.pk}/questionnaires/{questionnaire.pk}/results/"
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        queries = len(ctx.captured_queries)
        ms, _ = timed(lambda: client.get(url))  # noqa: B023
        print(
            f"results page (database counts) at {size:>4} responses: {ms:7.1f} ms median, "
            f"{queries} queries, {len(response.content) // 1024} KiB"
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
    from pairing.documents import order_document

    ms, document = timed(lambda: order_document(order), 3)
    print(f"order PDF with 50 pairs: {ms:.0f} ms median, {len(document.content) // 1024} KiB")


@bench
def staff_import_at_scale():
    """The staff import at municipal size (issue 12, item 4): 5,000 rows previewed and applied
    (target ≤ 10 s together), the same file again (all unchanged), a year later (everyone
    changed: bulk updates), and the preview of 50,000 rows, whose memory must not grow with the
    file (the rows are streamed). Wall time, and the process's CPU time beside it: on a shared
    machine the wall time also counts the others' work."""
    import tracemalloc

    from programme.models import Organisation, StaffMember
    from programme.services import staff_import
    from programme.tests.staff_import_files import municipal_xlsx

    def clock(callable_):
        wall, cpu = time.perf_counter(), time.process_time()
        result = callable_()
        return time.perf_counter() - wall, time.process_time() - cpu, result

    def both(wall, cpu):
        return f"{wall:.2f} s (CPU {cpu:.2f} s)"

    org = Organisation.objects.create(
        full_name="БДОУ import", short_name="import", slug="import-5000"
    )
    for label, content, expected in (
        ("5,000 new rows", municipal_xlsx(5000), "count_new"),
        ("the same 5,000 again", municipal_xlsx(5000), "count_same"),
        ("a year later, 5,000 changed", municipal_xlsx(5000, year=1), "count_update"),
    ):
        w1, c1, preview = clock(
            lambda c=content: staff_import.staff_import_preview(
                organisation=org, content=c, filename="staff.xlsx"
            )
        )
        assert getattr(preview, expected) == 5000, (label, preview.counts)
        if not preview.can_apply:
            print(f"staff import, {label} (xlsx): preview {both(w1, c1)}, nothing to apply")
            continue
        with CaptureQueriesContext(connection) as ctx:
            w2, c2, _ = clock(
                lambda c=content, d=preview.digest: staff_import.staff_import_apply(
                    organisation=org, content=c, filename="staff.xlsx", digest=d
                )
            )
        print(
            f"staff import, {label} (xlsx, {len(content) // 1024} KiB): preview {both(w1, c1)}, "
            f"apply {both(w2, c2)} in {len(ctx.captured_queries)} queries; "
            f"together {both(w1 + w2, c1 + c2)}"
        )
    assert StaffMember.objects.filter(organisation=org).count() == 5000

    big = municipal_xlsx(50_000)
    other = Organisation.objects.create(
        full_name="БДОУ import 50k", short_name="import50k", slug="import-50000"
    )
    wall, cpu, preview = clock(
        lambda: staff_import.staff_import_preview(
            organisation=other, content=big, filename="staff.xlsx"
        )
    )
    assert preview.count_new == 50_000
    tracemalloc.start()
    staff_import.staff_import_preview(organisation=other, content=big, filename="staff.xlsx")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"staff import preview of 50,000 rows (xlsx, {len(big) / 2**20:.1f} MiB): "
        f"{both(wall, cpu)}, peak Python memory {peak / 2**20:.0f} MiB, the file included"
    )


@bench
def backup_and_restore_demo():
    """`manage.py backup` and `restore` of the demo kindergarten (target ≤ 10 s each)."""
    import tempfile
    from pathlib import Path

    from django.core.files.storage import InMemoryStorage, default_storage

    from programme import demo
    from programme.services import backup

    demo.run()
    start = time.perf_counter()
    content = backup.backup_create(storage=default_storage, key="bench-key")
    backed = time.perf_counter() - start
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        folder = tempfile.mkdtemp()
        target = {"ENGINE": backup.SQLITE_ENGINE, "NAME": str(Path(folder) / "restored.sqlite3")}
    else:
        target = {**database, "NAME": f"{database['NAME']}_bench_restore"}
        admin = backup._pg_connect({**database, "NAME": "postgres"})
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
            cursor.execute(f'CREATE DATABASE "{target["NAME"]}"')
    start = time.perf_counter()
    result = backup.backup_restore(
        content=content, database=target, storage=InMemoryStorage(), key="bench-key"
    )
    restored = time.perf_counter() - start
    if connection.vendor != "sqlite":
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
        admin.close()
    print(
        f"demo backup ({len(content) // 1024} KiB encrypted, {result.rows} rows, "
        f"{result.files} files): backup {backed:.2f} s, restore {restored:.2f} s"
    )


@bench
def audit_overhead():
    """The audit trail's cost (issue 13, item 6; target ≤ 20 %): a questionnaire submitted with
    the trail on and off, and a 5,000-row staff import applied with it on and off."""
    import datetime as dt

    from auditlog.context import disable_auditlog, set_actor
    from django.utils import timezone

    from programme.models import Organisation, StaffMember, User
    from programme.services import staff_import
    from programme.tests.staff_import_files import municipal_xlsx
    from surveys.models import QuestionnaireKind
    from surveys.services import consents, invitations, responses
    from surveys.tests.test_consent import fill_required

    org, programme, _client = make_world(0, "audit")
    user = User.objects.get(username="cur-audit")
    questionnaire = programme.questionnaires.get(kind=QuestionnaireKind.MENTEE_INTAKE)
    version = questionnaire.versions.get()
    people = StaffMember.objects.bulk_create(
        StaffMember(
            organisation=org, last_name=f"Анкетова{i}", first_name="Анна", position="vospitatel"
        )
        for i in range(200)
    )
    for person in people:
        consents.consent_give(staff=person, kind="processing", channel="online")
    created, _ = invitations.invitations_create(
        questionnaire=questionnaire,
        staff=people,
        by=user,
        expires_at=timezone.now() + dt.timedelta(days=5),
        send_email=False,
    )
    # A whole intake, every question answered (as a teacher submits it), not only the
    # required ones: what the trail costs on a real submit.
    required = list(version.questions.filter(required=True).values_list("pk", flat=True))
    version.questions.filter(people_source="").update(required=True)
    data = fill_required(version, {})
    version.questions.exclude(pk__in=required).update(required=False)

    def submit(invitation):
        # CPU time of this process (SQLite runs in it): the machine's other load counts less.
        start = time.process_time()
        responses.save_answers(invitation=invitation, data=data, submit=True)
        return time.process_time() - start

    on, off = [], []
    for number, invitation in enumerate(created):
        if number % 2:
            with set_actor(user):
                on.append(submit(invitation))
        else:
            with disable_auditlog():
                off.append(submit(invitation))
    on_ms, off_ms = statistics.median(on) * 1000, statistics.median(off) * 1000
    print(
        f"questionnaire submit ({len(data)} answers, CPU): audit on {on_ms:.1f} ms, off "
        f"{off_ms:.1f} ms median of {len(on)} — {100 * (on_ms / off_ms - 1):+.0f} %"
    )

    content = municipal_xlsx(5000)
    times = {}
    for audited in (False, True) * 3:
        target = Organisation.objects.create(
            full_name="БДОУ audit import",
            short_name="ai",
            slug=f"audit-import-{sum(map(len, times.values()))}-{audited}",
        )
        start = time.process_time()
        preview = staff_import.staff_import_preview(
            organisation=target, content=content, filename="staff.xlsx"
        )
        context = set_actor(user) if audited else disable_auditlog()
        with context:
            staff_import.staff_import_apply(
                organisation=target, content=content, filename="staff.xlsx", digest=preview.digest
            )
        times.setdefault(audited, []).append(time.process_time() - start)
    on_s, off_s = min(times[True]), min(times[False])
    print(
        f"staff import of 5,000 rows (preview + apply, CPU, best of 3): audit on {on_s:.2f} s, "
        f"off {off_s:.2f} s "
        f"— {100 * (on_s / off_s - 1):+.0f} %"
    )


def _more_active_pairs(programme, user, count: int, *, prefix: str):
    """`count` more pairs fixed by a registered order, each with an approved plan of 5 rows,
    four meetings held and one planned, as a working pair has by the middle of the year."""
    import datetime as dt

    from django.utils import timezone

    from pairing.models import Membership, Pairing, PairingStatus
    from pairing.services import meetings, orders, plans
    from programme.models import MenteeProfile, MentorProfile, StaffMember

    org = programme.organisation
    made = []
    for i in range(count):
        mentor_staff = StaffMember.objects.create(
            organisation=org,
            last_name=f"{prefix}Наставник{i}",
            first_name="Анна",
            position="vospitatel",
            experience_total=12,
        )
        mentee_staff = StaffMember.objects.create(
            organisation=org,
            last_name=f"{prefix}Наставляемая{i}",
            first_name="Мария",
            position="vospitatel",
            experience_total=1,
        )
        mentor = MentorProfile.objects.create(
            programme=programme,
            staff=mentor_staff,
            status="ready",
            labour_consent_on=dt.date(2024, 4, 1),
        )
        mentee = MenteeProfile.objects.create(
            programme=programme, staff=mentee_staff, status="included"
        )
        pairing = Pairing.objects.create(
            programme=programme,
            mentor=mentor,
            status=PairingStatus.CONFIRMED,
            starts_on=dt.date(2024, 4, 22),
            ends_on=dt.date(2024, 12, 20),
        )
        Membership.objects.create(pairing=pairing, mentee=mentee)
        made.append(pairing)
    order = orders.order_draft(programme=programme, by=user)
    orders.order_update(order=order, number=f"{prefix}-50", date=dt.date(2024, 4, 22))
    orders.order_register(order=order, by=user)
    for pairing in made:
        pairing.refresh_from_db()
        plan = plans.plan_create(membership=pairing.members.get(), by=user)
        plans.plan_update(plan=plan, deficits="Работа с родителями", goal="Цель", tasks="Задачи")
        for k in range(5):
            plans.plan_activity_save(
                plan=plan,
                content=f"Мероприятие {k + 1}",
                kind="consultation",
                starts_on=None,
                due_on=dt.date(2024, 6 + k, 20),
                responsible="both",
            )
        plans.plan_submit(plan=plan)
        plans.plan_approve(plan=plan, by=user)
        for k, kind in enumerate(("organisational", "trial", "planning", "regular", "regular")):
            meeting, _ = meetings.meeting_create(
                pairing=pairing,
                kind=kind,
                place="Кабинет",
                topic="Тема",
                by=user,
                starts_at=timezone.make_aware(dt.datetime(2024, 5 + k, 10, 14, 0)),
            )
            if k < 4:
                meetings.meeting_record(meeting=meeting, held=True, notes="Заметки")
    return made


@bench
def pair_work_pages():
    """The pair's page and the curator's overview on the demo kindergarten grown to 50 pairs
    (with plans, meetings and feedback rounds)."""
    import datetime as dt

    from pairing.models import Pairing
    from pairing.services import feedback
    from programme import demo
    from programme.models import User

    ctx = demo.run()
    curator = User.objects.get(username="curator")
    working = Pairing.objects.filter(programme=ctx.programme, status__in=["active", "completed"])
    _more_active_pairs(ctx.programme, curator, 50 - working.count(), prefix="Б")
    feedback.feedback_schedule_save(programme=ctx.programme, dates=[dt.date(2024, 12, 16)])
    feedback.feedback_send_due(programme=ctx.programme, today=dt.date(2024, 12, 16))
    client = Client()
    client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")
    mentor = Client()
    mentor.force_login(User.objects.get(username="mentor"))
    pair = Pairing.objects.get(programme=ctx.programme, mentor__staff__last_name="Волкова")
    pairs = Pairing.objects.filter(programme=ctx.programme).exclude(status="proposed").count()
    for label, who, url in (
        ("pair page (curator)", client, f"/pairs/{pair.pk}/"),
        ("pair page (mentor)", mentor, f"/pairs/{pair.pk}/"),
        ("overview of all pairs", client, f"/programmes/{ctx.programme.pk}/pairs/"),
        ("overview xlsx export", client, f"/programmes/{ctx.programme.pk}/pairs.xlsx"),
    ):
        who.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = who.get(url)
        queries = len(captured.captured_queries)
        assert response.status_code == 200, (url, response.status_code)
        ms, _ = timed(lambda: who.get(url))  # noqa: B023
        print(
            f"{label}, demo with {pairs} pairs: {ms:7.1f} ms median, "
            f"{queries} queries, {len(response.content) // 1024} KiB"
        )


@bench
def feedback_command():
    """The daily feedback command (6.5) for 500 participants (250 pairs): the invitations and
    their letters (tasks run in the request here: the letters are sent inside the figure)."""
    import datetime as dt
    import io

    from django.core import mail
    from django.core.management import call_command

    from pairing.models import Membership, Pairing, PairingStatus
    from pairing.services import feedback
    from programme.models import MenteeProfile, MentorProfile, StaffMember

    _org, programme, _client = make_world(500, "feedback-500")
    staff = list(StaffMember.objects.filter(organisation=programme.organisation).order_by("pk"))
    for person in staff:
        person.email = f"p{person.pk}@example.org"
    StaffMember.objects.bulk_update(staff, ["email"])
    mentors = MentorProfile.objects.bulk_create(
        MentorProfile(programme=programme, staff=s, status="mentor") for s in staff[:250]
    )
    mentees = MenteeProfile.objects.bulk_create(
        MenteeProfile(programme=programme, staff=s, status="paired") for s in staff[250:]
    )
    pairings = Pairing.objects.bulk_create(
        Pairing(programme=programme, mentor=m, status=PairingStatus.ACTIVE) for m in mentors
    )
    Membership.objects.bulk_create(
        Membership(pairing=p, mentee=m) for p, m in zip(pairings, mentees, strict=True)
    )
    feedback.feedback_schedule_save(programme=programme, dates=[dt.date(2024, 10, 15)])
    mail.outbox = []
    start = time.perf_counter()
    call_command("feedback_rounds", date="2024-10-15", stdout=io.StringIO())
    first = time.perf_counter() - start
    start = time.perf_counter()
    call_command("feedback_rounds", date="2024-10-15", stdout=io.StringIO())
    again = time.perf_counter() - start
    print(
        f"feedback command, 500 participants: {first:.2f} s "
        f"({len(mail.outbox)} letters); run again the same day: {again * 1000:.0f} ms, nothing sent"
    )


@bench
def plan_pdf():
    """The individual development plan as a PDF: a plan of 15 rows."""
    import datetime as dt

    from pairing.documents import plan_document
    from pairing.selectors.plans import plan_with_rows
    from pairing.services import plans
    from programme.models import User

    _org, programme, _client = make_world(10, "plan-pdf")
    user = User.objects.get(username="cur-plan-pdf")
    pairing = _more_active_pairs(programme, user, 1, prefix="П")[0]
    plan = pairing.members.get().plans.get()
    new = plans.plan_new_version(plan=plan, by=user)
    for k in range(10):
        plans.plan_activity_save(
            plan=new,
            content=f"Открытый показ и разбор занятия, тема {k + 1}",
            kind="open_lesson",
            starts_on=dt.date(2024, 9, 1),
            due_on=dt.date(2024, 9, 30),
            responsible="mentee",
        )
    ms, document = timed(lambda: plan_document(plan_with_rows(new.pk)), 5)
    print(f"plan PDF, 15 rows: {ms:.0f} ms median, {len(document.content) // 1024} KiB")


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
