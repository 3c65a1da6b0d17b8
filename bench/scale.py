"""National size, measured (issue 24 §5): a country's kindergartens in one PostgreSQL instance.

    .venv/bin/python bench/scale.py                          # 85 regions … 40,000 kindergartens
    .venv/bin/python bench/scale.py --kindergartens 2000 --municipalities 150 --regions 5
    .venv/bin/python bench/scale.py --measure-only           # measure the instance built before

The database is DATABASE_URL (default postgres://postgres@127.0.0.1:5432/mentoring_scale); a
database whose name does not contain «scale» is never dropped.

How it builds:

1. `migrate` on an empty database makes the schema.
2. One kindergarten is made through the project's own services (the template): its staff, a
   programme with its roadmap and questionnaires, the intake questionnaires answered, mentee
   and mentor bases, pairs fixed by a registered order, meetings held, plans, a feedback round
   and the satisfaction questionnaire answered. The database is copied as it is then
   (<name>_empty): the almost empty instance, one kindergarten.
3. Every row of that kindergarten is copied N−1 times inside PostgreSQL (`INSERT … SELECT …
   FROM generate_series`, the same work as COPY without the round trip through Python): the
   tables and their foreign keys are read from the models, so the copy follows the models as
   they change. Row k's ids are the template's plus k × the table's span, unique text (slug,
   username, token hashes) gets «-k». Foreign-key triggers are off during the copy
   (session_replication_role = replica): the rows are consistent by construction.
4. Extra teachers up to --teachers; the territories (the mapping of kindergartens to
   municipalities goes in by COPY): region 01 holds 5 % of the kindergartens (2,000 of
   40,000) and its first municipality a tenth of those (200), the rest share evenly
   (about 16 a municipality); ANALYZE.
5. `migrate` on the loaded instance: the migrations in SCALE_MIGRATIONS are unapplied and
   applied again, timed (only when that loses nothing), then a plain `migrate`.

Then a kindergarten's own pages as its curator, in the empty instance and in the middle of the
country, the requests alternating between the two databases (the machine's other work weighs
on both alike): median time, queries, SQL time; the three heaviest queries of those pages with
EXPLAIN ANALYZE; the territory roll-up of the largest municipality (≤ 200 kindergartens) and
region (≤ 2,000) as their coordinators, with the plan of its heaviest query. Figures, not
assertions; a sequential scan of a table of 100,000 rows or more is flagged.
"""

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import fresh_database, recreate_database  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/mentoring_scale"
TEMPLATE_SLUG = "ds"
TEMPLATE_STAFF = 16  # 650,000 teachers / 40,000 kindergartens ≈ 16
PAIRS = 4
BIG_TABLE_ROWS = 100_000
# Migrations timed on the loaded instance (unapplied and applied again): only ones that lose
# no data when unapplied (indexes).
SCALE_MIGRATIONS: list[tuple[str, str]] = [
    ("pairing", "0009_merged_field_options"),  # field options: the state is rebuilt, no SQL
    ("surveys", "0011_promises_join_request"),  # a new table with keys to national-size ones
]  # a sequential scan over a table this size is reported


# --- the database ------------------------------------------------------------------------------


# --- the template kindergarten, through the services --------------------------------------------


def _answer(invitation, by_code: dict | None = None) -> None:
    from surveys.services import consents, responses

    if not consents.has_valid_consent(invitation.staff):
        consents.consent_give(staff=invitation.staff, kind="processing", channel="paper")
    by_code = by_code or {}
    data = {}
    for question in responses.questions_of(invitation):
        if question.code in by_code:
            data[question.pk] = by_code[question.code]
        elif question.required:
            first = question.choices.all()[:1]
            if question.kind == "single" and first:
                data[question.pk] = first[0].value or str(first[0].pk)
            elif question.kind == "multiple" and first:
                data[question.pk] = [first[0].value or str(first[0].pk)]
            elif question.kind == "yes_no":
                data[question.pk] = True
            elif question.kind == "scale":
                data[question.pk] = question.scale_max - 2
            elif question.kind == "number":
                data[question.pk] = "1"
            else:
                data[question.pk] = "—"
    responses.save_answers(invitation=invitation, data=data, submit=True)


def build_template(slug: str = TEMPLATE_SLUG, staff_count: int = TEMPLATE_STAFF):
    """One kindergarten with everything a running programme has, made by the services."""
    from django.utils import timezone

    from pairing.models import FeedbackRequest
    from pairing.services import feedback
    from programme.models import Competency, Organisation
    from programme.services import programme_create
    from surveys.demo import _mentee_answers as mentee
    from surveys.demo import _mentor_answers as mentor
    from surveys.models import QuestionnaireKind
    from surveys.services import invitations
    from tests.factories import StaffMemberFactory, UserFactory
    from tests.factories_pair_work import active_pairs, held, plan_with_rows
    from tests.factories_pairing import included_mentee, ready_mentor

    organisation = Organisation.objects.create(
        full_name=f"Муниципальное бюджетное дошкольное образовательное учреждение {slug}",
        short_name=f"МБДОУ {slug}",
        slug=slug,
        city="Омск",
    )
    curator = UserFactory(username=f"curator-{slug}", organisation=organisation, role="curator")
    StaffMemberFactory(
        organisation=organisation,
        user=curator,
        last_name="Кураторова",
        position="starshiy_vospitatel",
    )
    head = UserFactory(username=f"head-{slug}", organisation=organisation, role="head")
    StaffMemberFactory(
        organisation=organisation, user=head, last_name="Заведующая", position="zaveduyushchiy"
    )
    programme = programme_create(
        organisation=organisation,
        year=2024,
        title="Программа наставничества на 2024 год",
        curator=curator.staff_member,
    )
    competencies = list(Competency.objects.filter(organisation=organisation))
    pairs = active_pairs(programme, curator, PAIRS)
    included_mentee(programme, {competencies[1]: 1, competencies[2]: 2}, last_name="Ждущая")
    included_mentee(programme, {competencies[3]: 1}, last_name="Новенькая")
    ready_mentor(programme, {competencies[1]: 3, competencies[4]: 2}, last_name="Свободная")
    while organisation.staff.count() < staff_count:
        StaffMemberFactory(organisation=organisation)
    # The intake questionnaires answered by the bases.
    for kind, profiles, answers in (
        (QuestionnaireKind.MENTEE_INTAKE, programme.mentees.select_related("staff"), mentee),
        (QuestionnaireKind.MENTOR_INTAKE, programme.mentors.select_related("staff"), mentor),
    ):
        questionnaire = programme.questionnaires.get(kind=kind)
        created, _ = invitations.invitations_create(
            questionnaire=questionnaire,
            staff=[p.staff for p in profiles],
            by=curator,
            expires_at=timezone.now() + dt.timedelta(days=60),
        )
        for index, invitation in enumerate(created):
            _answer(invitation, answers(index, invitation.staff, competencies))
    # Stage 6: meetings, plans, a feedback round, satisfaction.
    for index, pairing in enumerate(pairs):
        held(pairing, "organisational", dt.date(2024, 9, 10 + index))
        held(pairing, "trial", dt.date(2024, 10, 8 + index))
        plan_with_rows(pairing, 3, approve_by=curator)
    feedback.feedback_schedule_save(programme=programme, dates=[dt.date(2024, 11, 15)])
    feedback.feedback_send_due(programme=programme, today=dt.date(2024, 11, 15))
    for request in FeedbackRequest.objects.filter(round__programme=programme).select_related(
        "invitation__staff"
    ):
        if request.invitation is not None and request.invitation.status != "submitted":
            _answer(request.invitation)
    feedback.satisfaction_send(programme=programme, by=curator)
    for invitation in programme.questionnaires.get(
        kind=QuestionnaireKind.SATISFACTION
    ).invitations.select_related("staff"):
        _answer(invitation)
    return organisation, programme, curator


# --- copying the template inside PostgreSQL ----------------------------------------------------


def _per_organisation_models():
    """Models whose rows belong to an organisation: Organisation and, transitively, every model
    with a foreign key to one of them (auto-created many-to-many tables included)."""
    from django.apps import apps

    from programme.models import Organisation

    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed]
    owned = {Organisation}
    changed = True
    while changed:
        changed = False
        for model in models:
            if model in owned:
                continue
            if any(
                f.is_relation
                and f.concrete
                and f.many_to_one | f.one_to_one
                and f.related_model in owned
                for f in model._meta.fields
            ):
                owned.add(model)
                changed = True
    # Parents first (self references aside).
    ordered, placed = [], set()
    while len(ordered) < len(owned):
        progress = False
        for model in owned:
            if model in placed:
                continue
            parents = {
                f.related_model
                for f in model._meta.fields
                if f.is_relation and f.concrete and f.related_model in owned
            } - {model}
            if parents <= placed:
                ordered.append(model)
                placed.add(model)
                progress = True
        if not progress:  # a cycle between two tables: take them in any order
            rest = [m for m in owned if m not in placed]
            ordered.extend(rest)
            placed.update(rest)
    return ordered


def _owned_fks(model, owned):
    return [
        f
        for f in model._meta.fields
        if f.is_relation and f.concrete and f.related_model in owned and not f.primary_key
    ]


def _unique_texts(model, shifted: set[str]) -> list:
    """Text fields that must differ between copies: unique ones, and one text field of each
    unique constraint that no shifted id already separates."""
    from django.db import models

    fields = [
        f
        for f in model._meta.fields
        if f.unique and not f.primary_key and not f.is_relation and isinstance(f, models.CharField)
    ]
    groups = [list(g) for g in model._meta.unique_together]
    groups += [
        list(c.fields)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields
    ]
    for group in groups:
        columns = {model._meta.get_field(name).column for name in group}
        if columns & shifted:
            continue
        texts = [
            model._meta.get_field(name)
            for name in group
            if isinstance(model._meta.get_field(name), models.CharField)
        ]
        if texts and texts[0] not in fields:
            fields.append(texts[0])
    return fields


def replicate(copies: int, *, chunk: int = 2000, report=print) -> dict[str, int]:
    """Copy every row of the organisation(s) in the database `copies` times. Returns rows per
    table after the copy."""
    from django.db import connection, transaction

    if copies <= 0:
        return {}
    owned_models = _per_organisation_models()
    owned = set(owned_models)
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        span, skipped = {}, {}
        for model in owned_models:
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(f"SELECT coalesce(max({qn(pk)}), 0) FROM {qn(table)}")
            span[model] = cursor.fetchone()[0]
        # Rows that belong to no organisation (a coordinator's login, the superuser) stay.
        for model in owned_models:
            table, pk = model._meta.db_table, model._meta.pk.column
            fks = _owned_fks(model, owned)
            if model._meta.pk.is_relation or not fks:
                skipped[model] = []
                continue
            keep = " OR ".join(
                f"({qn(f.column)} IS NOT NULL"
                + (f" AND {qn(f.column)} <> ALL(%s))" if skipped.get(f.related_model) else ")")
                for f in fks
            )
            params = [skipped[f.related_model] for f in fks if skipped.get(f.related_model)]
            cursor.execute(f"SELECT {qn(pk)} FROM {qn(table)} WHERE NOT ({keep})", params)
            skipped[model] = [row[0] for row in cursor.fetchall()]
    plans = []
    for model in owned_models:
        if not span[model]:
            continue
        table, pk_field = model._meta.db_table, model._meta.pk
        shifted = {f.column for f in _owned_fks(model, owned)} | {pk_field.column}
        texts = {f.column: f for f in _unique_texts(model, shifted)}
        columns, expressions, params = [], [], []
        for field in model._meta.concrete_fields:
            column = qn(field.column)
            columns.append(column)
            target = field.related_model if field.is_relation else None
            if field.primary_key:
                of = target if target in owned else model
                expressions.append(f"{column} + k * {span[of]}")
            elif target in owned:
                if skipped.get(target):
                    expressions.append(
                        f"CASE WHEN {column} = ANY(%s) THEN {column} "
                        f"ELSE {column} + k * {span[target]} END"
                    )
                    params.append(skipped[target])
                else:
                    expressions.append(f"{column} + k * {span[target]}")
            elif field.column in texts:
                room = (field.max_length or 255) - 1 - len(str(copies))
                expressions.append(f"left({column}, {room}) || '-' || k")
            else:
                expressions.append(column)
        conditions = [f"{qn(table)}.{qn(pk_field.column)} <= {span[model]}"]
        tail = []
        if skipped.get(model):
            conditions.append(f"{qn(table)}.{qn(pk_field.column)} <> ALL(%s)")
            tail.append(skipped[model])
        # The template's own rows only (ids up to its span), k times.
        sql = (
            f"INSERT INTO {qn(table)} ({', '.join(columns)}) "
            f"SELECT {', '.join(expressions)} FROM {qn(table)}, generate_series(%s, %s) AS k "
            f"WHERE {' AND '.join(conditions)}"
        )
        plans.append((model, sql, params, tail))
    start = time.perf_counter()
    for first in range(1, copies + 1, chunk):
        last = min(copies, first + chunk - 1)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            for _model, sql, params, tail in plans:
                cursor.execute(sql, [*params, first, last, *tail])
        report(
            f"  copies {first:>6}–{last:<6} done, {time.perf_counter() - start:6.0f} s",
        )
    counts = {}
    with connection.cursor() as cursor:
        for model in owned_models:
            table, pk = model._meta.db_table, model._meta.pk.column
            if not model._meta.pk.is_relation and span[model]:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), "
                    f"(SELECT max({qn(pk)}) FROM {qn(table)}))",
                    [table, pk],
                )
            cursor.execute(f"SELECT count(*) FROM {qn(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def extra_teachers(count: int, organisations: int) -> None:
    """Staff beyond the template's, one more in every n-th kindergarten (no logins, no bases)."""
    from django.db import connection

    from programme.models import StaffMember

    if count <= 0:
        return
    template = (
        StaffMember.objects.filter(
            organisation__slug=TEMPLATE_SLUG,
            user__isnull=True,
            mentee_profiles__isnull=True,
            mentor_profiles__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    columns = [
        f.column
        for f in StaffMember._meta.concrete_fields
        if f.column not in ("id", "organisation_id")
    ]
    listed = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO programme_staffmember (organisation_id, {listed}) "
            f"SELECT o.id, {listed} FROM programme_staffmember s, "
            "(SELECT id, row_number() OVER (ORDER BY id) AS n FROM programme_organisation) o "
            "WHERE s.id = %s AND o.n <= %s",
            [template.pk, count],
        )
        if count > organisations:
            extra_teachers(count - organisations, organisations)


def municipality_sizes(kindergartens: int, municipalities: int, regions: int):
    """Kindergartens per municipality. Region 0 holds 5% of the country (2,000 of 40,000), its
    first municipality (the city) a tenth of that; the rest share evenly. Municipality j is in
    region j mod regions."""
    of_region = [[j for j in range(municipalities) if j % regions == r] for r in range(regions)]
    first = of_region[0]
    big = max(len(first), min(kindergartens, round(kindergartens * 0.05)))
    if regions == 1:
        big = kindergartens
    sizes = [0] * municipalities
    city = max(1, big // 10)
    sizes[first[0]] = city
    _share(sizes, first[1:] or first, big - city)
    rest = [j for r in range(1, regions) for j in of_region[r]]
    _share(sizes, rest or first, kindergartens - big)
    return sizes


def _share(sizes, indexes, total):
    for n, j in enumerate(indexes):
        sizes[j] += total // len(indexes) + (1 if n < total % len(indexes) else 0)


def territories(*, regions: int, municipalities: int, kindergartens: int):
    """Regions and municipalities; every kindergarten in one (the mapping goes in by COPY).
    Returns the measured municipality (region 0's city) and region 0."""
    from django.db import connection

    from programme.models import Organisation, Territory

    made_regions = Territory.objects.bulk_create(
        Territory(name=f"Регион {r + 1:02d}", kind="region", authority=f"Минобразования {r + 1}")
        for r in range(regions)
    )
    made = Territory.objects.bulk_create(
        Territory(
            name=f"Муниципалитет {j + 1:04d}",
            kind="municipality",
            parent=made_regions[j % regions],
        )
        for j in range(municipalities)
    )
    sizes = municipality_sizes(kindergartens, municipalities, regions)
    ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    buffer, n = io.StringIO(), 0
    for j, size in enumerate(sizes):
        for _ in range(size):
            buffer.write(f"{ids[n]}\t{made[j].pk}\n")
            n += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE scale_place (organisation_id int, territory_id int)")
        cursor.cursor.copy_expert("COPY scale_place FROM STDIN", buffer)
        cursor.execute(
            "UPDATE programme_organisation o SET territory_id = p.territory_id "
            "FROM scale_place p WHERE p.organisation_id = o.id"
        )
        cursor.execute("DROP TABLE scale_place")
    return (
        made[0],
        made_regions[0],
        sizes[0],
        sum(sizes[j] for j in range(0, municipalities, regions)),
    )


# --- measuring -----------------------------------------------------------------------------------


def median_ms(client, url: str, runs: int) -> tuple[float, int, list]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm up
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    captured = list(ctx.captured_queries)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(captured), captured


def kindergarten_pages(organisation) -> list[tuple[str, str]]:
    from django.urls import reverse

    from pairing.models import Pairing

    programme = organisation.programmes.get()
    pairing = Pairing.objects.filter(programme=programme).order_by("pk").first()
    return [
        ("dashboard", reverse("programme:dashboard", args=[programme.pk])),
        ("staff list", reverse("programme:staff_list")),
        ("mentee base", reverse("programme:mentee_list", args=[programme.pk])),
        ("mentor base", reverse("programme:mentor_list", args=[programme.pk])),
        ("pairing board", reverse("pairing:board", args=[programme.pk])),
        ("pair page", reverse("pairing:pairing_detail", args=[programme.pk, pairing.pk])),
    ]


def client_of(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def use_database(name: str) -> None:
    """Point the default connection at another database of the same schema."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def measure_pages(targets: list[tuple[str, str]], runs: int) -> dict:
    """The kindergarten pages of each (label, database), as the curator of its kindergarten in
    the middle (by id). The runs alternate between the databases, so the machine's other work
    weighs on both alike (the query log is on in both). Returns {(label, page): (median ms,
    queries, captured, median SQL ms)}."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programme.models import Organisation, User

    setup = {}
    for label, database in targets:
        use_database(database)
        ids = Organisation.objects.order_by("pk").values_list("pk", flat=True)
        organisation = Organisation.objects.get(pk=ids[len(ids) // 2])
        curator = User.objects.filter(organisation=organisation, role="curator").get()
        client = client_of(curator)
        pages = kindergarten_pages(organisation)
        for _page, url in pages:
            response = client.get(url)
            assert response.status_code == 200, (label, url, response.status_code)
        captured = {}
        for page, url in pages:
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            captured[page] = list(ctx.captured_queries)
        setup[label] = (database, client, pages, captured)
    times = {(label, page): [] for label in setup for page, _ in setup[label][2]}
    sql = {key: [] for key in times}
    for run in range(runs):
        order = list(setup.items())
        for label, (database, client, pages, _captured) in order[:: 1 if run % 2 else -1]:
            use_database(database)
            client.get(pages[0][1])  # the connection opens outside the measure
            for page, url in pages:
                with CaptureQueriesContext(connection) as ctx:
                    start = time.perf_counter()
                    client.get(url)
                    elapsed = (time.perf_counter() - start) * 1000
                times[(label, page)].append(elapsed)
                sql[(label, page)].append(sum(float(q["time"]) for q in ctx.captured_queries))
    return {
        (label, page): (
            statistics.median(times[(label, page)]),
            len(setup[label][3][page]),
            setup[label][3][page],
            statistics.median(sql[(label, page)]) * 1000,
        )
        for label in setup
        for page, _ in setup[label][2]
    }


def empty_copy(database: str) -> str:
    """A copy of the database as it is (one kindergarten): the almost empty instance."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    empty = f"{name}_empty"
    connection.close()
    recreate_database(database, empty, template=name)
    return empty


def _route_names(patterns=None, namespace: str = "") -> list[str]:
    from django.urls import URLPattern, URLResolver, get_resolver

    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += _route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(namespace + pattern.name)
    return names


def rollup_url(territory, name: str | None = None) -> str | None:
    """The territory roll-up page (issue 24 §2): the route named --rollup, or the first route
    whose name says «rollup» and is not a download; with the territory's id if it takes one."""
    from django.urls import NoReverseMatch, reverse

    names = (
        [name]
        if name
        else ["reports:territory"]
        + [
            n
            for n in _route_names()
            if ("rollup" in n or "roll_up" in n)
            and not any(word in n for word in ("xlsx", "export", "download", "pdf"))
        ]
    )
    for candidate in names:
        for args in ([], [territory.pk]):
            try:
                return reverse(candidate, args=args)
            except NoReverseMatch:
                continue
    return None


def explain(captured: list, top: int = 3, report=print) -> list[tuple[float, str, list[str]]]:
    """EXPLAIN ANALYZE of every captured SELECT; the `top` slowest with their plans."""
    from django.db import connection

    seen, plans = set(), []
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or sql in seen:
                continue
            seen.add(sql)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines = [row[0] for row in cursor.fetchall()]
            total = next(
                (float(li.split(":")[1].split()[0]) for li in lines if "Execution Time" in li), 0.0
            )
            plans.append((total, sql, lines))
    plans.sort(key=lambda p: -p[0])
    return plans[:top]


def scans(lines: list[str]) -> str:
    """The plan in one line: each scan node, its table and index, and the rows it read."""
    found = []
    for line in lines:
        text = line.strip().lstrip("-> ").strip()
        if "Scan" not in text or " on " not in text:
            continue
        node = text.split("  (")[0]
        rows = (
            line.split("actual time=")[1].split("rows=")[1].split()[0] if "actual" in line else "?"
        )
        loops = line.split("loops=")[-1].rstrip(")") if "loops=" in line else "1"
        found.append(f"{node} [{rows} rows × {loops}]")
    return "; ".join(found)


def seq_scans_of_big_tables(lines: list[str]) -> list[str]:
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for line in lines:
            if "Seq Scan on " not in line:
                continue
            table = line.split("Seq Scan on ")[1].split()[0]
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
            if row and row[0] >= BIG_TABLE_ROWS:
                found.append(f"{table} ({int(row[0]):,} rows)")
    return found


def _empty_created_tables(loader, app: str, name: str) -> bool:
    """Whether the tables the migration creates are empty (unapplying it loses nothing)."""
    from django.db import connection
    from django.db.migrations.operations import CreateModel

    migration = loader.graph.nodes[(app, name)]
    state = loader.project_state((app, name))
    with connection.cursor() as cursor:
        for operation in migration.operations:
            if isinstance(operation, CreateModel):
                model = state.apps.get_model(app, operation.name)
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {model._meta.db_table})")
                if cursor.fetchone()[0]:
                    return False
    return True


def time_migrate(migrations=SCALE_MIGRATIONS) -> list[tuple[str, float, float]]:
    """Unapply and reapply the indexes this benchmark asked for (a real migration on the loaded
    tables: the index is dropped and built again), then a plain `migrate`."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection)
    timings = []
    for app, name in migrations:
        if (app, name) not in loader.graph.nodes:
            continue
        node = loader.graph.node_map[(app, name)]
        if node.children or not _empty_created_tables(loader, app, name):
            continue  # another migration needs it, or unapplying it would drop rows
        parent = next(p for p in node.parents if p[0] == app)
        start = time.perf_counter()
        call_command("migrate", app, parent[1], verbosity=0)
        back = time.perf_counter() - start
        start = time.perf_counter()
        call_command("migrate", app, name, verbosity=0)
        timings.append(
            (f"{app} {name} back / forward", back * 1000, (time.perf_counter() - start) * 1000)
        )
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings.append(("migrate (all applied)", 0.0, (time.perf_counter() - start) * 1000))
    return timings


# --- the run -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--regions", type=int, default=85)
    parser.add_argument("--municipalities", type=int, default=2500)
    parser.add_argument("--kindergartens", type=int, default=40_000)
    parser.add_argument("--teachers", type=int, default=650_000)
    parser.add_argument("--runs", type=int, default=15, help="requests per page (median)")
    parser.add_argument("--chunk", type=int, default=2000, help="copies per transaction")
    parser.add_argument("--rollup", help="the roll-up's route name (found by its name otherwise)")
    parser.add_argument(
        "--measure-only", action="store_true", help="measure the instance built by a former run"
    )
    args = parser.parse_args()
    if args.municipalities < args.regions or args.kindergartens < args.municipalities:
        raise SystemExit("need regions ≤ municipalities ≤ kindergartens")

    database = os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings_test")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not args.measure_only:
        fresh_database(database, marker="scale")

    import warnings

    import django

    django.setup()
    warnings.filterwarnings("ignore", message="No directory at")
    from django.core.management import call_command
    from django.core.signals import request_started
    from django.db import close_old_connections, connection, reset_queries
    from django.test.utils import setup_test_environment

    request_started.disconnect(close_old_connections)
    request_started.disconnect(reset_queries)
    setup_test_environment()
    if connection.vendor != "postgresql":
        raise SystemExit("bench/scale.py runs on PostgreSQL only (DATABASE_URL)")

    from programme.models import Organisation, StaffMember, Territory, User

    figures: list[tuple[str, str]] = []
    if not args.measure_only:
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        t_migrate = time.perf_counter() - t0
        print(f"migrate on an empty database: {t_migrate:.1f} s")
        t0 = time.perf_counter()
        build_template()
        t_template = time.perf_counter() - t0
        print(f"the template kindergarten through the services: {t_template:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        empty_copy(database)
        t0 = time.perf_counter()
        print(f"copying the template {args.kindergartens - 1:,} times:")
        replicate(args.kindergartens - 1, chunk=args.chunk)
        t_copy = time.perf_counter() - t0
        t0 = time.perf_counter()
        teachers_so_far = StaffMember.objects.count()
        extra_teachers(args.teachers - teachers_so_far, args.kindergartens)
        t_teachers = time.perf_counter() - t0
        t0 = time.perf_counter()
        territories(
            regions=args.regions,
            municipalities=args.municipalities,
            kindergartens=args.kindergartens,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        t_territories = time.perf_counter() - t0
        t_build = t_migrate + t_template + t_copy + t_teachers + t_territories
        figures += [
            ("build: migrate (empty)", f"{t_migrate:.1f} s"),
            ("build: template kindergarten", f"{t_template:.1f} s"),
            ("build: copies (INSERT … SELECT)", f"{t_copy:.0f} s"),
            ("build: extra teachers", f"{t_teachers:.1f} s"),
            ("build: territories (COPY) + ANALYZE", f"{t_territories:.1f} s"),
            ("build: total", f"{t_build / 60:.1f} min"),
        ]

    # Sizes.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
        cursor.execute(
            "SELECT relname, n_live_tup FROM pg_stat_user_tables ORDER BY n_live_tup DESC LIMIT 8"
        )
        biggest = cursor.fetchall()
    figures += [
        (
            "regions / municipalities",
            f"{Territory.objects.filter(kind='region').count():,} / "
            f"{Territory.objects.filter(kind='municipality').count():,}",
        ),
        (
            "kindergartens / teachers",
            f"{Organisation.objects.count():,} / {StaffMember.objects.count():,}",
        ),
        ("database size", size),
    ]
    figures += [(f"rows: {name}", f"{rows:,}") for name, rows in biggest]

    for label, back, forward in time_migrate():  # lossless: see SCALE_MIGRATIONS
        figures.append(
            (
                f"migrate on the loaded instance: {label}",
                f"{back:.0f} / {forward:.0f} ms" if back else f"{forward:.0f} ms",
            )
        )

    # A kindergarten's own pages: the almost empty instance against the national one.
    national_name = connection.settings_dict["NAME"]
    pages = measure_pages(
        [("empty", f"{national_name}_empty"), ("national", national_name)], args.runs
    )
    use_database(national_name)
    rows = [("page", "empty ms", "q", "sql ms", "national ms", "q", "sql ms")]
    for (label, page), (ms, queries, _captured, sql_ms) in pages.items():
        if label != "national":
            continue
        e_ms, e_q, _e, e_sql = pages[("empty", page)]
        rows.append(
            (
                page,
                f"{e_ms:.1f}",
                str(e_q),
                f"{e_sql:.1f}",
                f"{ms:.1f}",
                str(queries),
                f"{sql_ms:.1f}",
            )
        )

    # Three heaviest queries of the kindergarten's pages.
    captured = [q for (label, _p), v in pages.items() if label == "national" for q in v[2]]
    heaviest = explain(captured)

    # The roll-up.
    rollup = []
    url = rollup_url(Territory.objects.first(), args.rollup)
    if url:
        municipality = (
            Territory.objects.filter(kind="municipality")
            .annotate(n=__import__("django").db.models.Count("organisations"))
            .filter(n__gte=20, n__lte=200)
            .order_by("-n")
            .first()
        )
        region = (
            Territory.objects.filter(kind="region")
            .annotate(n=__import__("django").db.models.Count("municipalities__organisations"))
            .filter(n__lte=2000)
            .order_by("-n")
            .first()
        )
        for territory in (municipality, region):
            if territory is None:
                continue
            user, _ = User.objects.get_or_create(
                username=f"coordinator-{territory.pk}",
                defaults={"role": "regional", "territory": territory},
            )
            count = Organisation.objects.filter(territory.organisations_q()).count()
            url = rollup_url(territory, args.rollup)
            ms, queries, captured = median_ms(client_of(user), url, args.runs)
            assert queries, url
            rollup.append((f"{territory.get_kind_display()} ({count} kindergartens)", ms, queries))
            heaviest_rollup = explain(captured, top=1)
            heaviest += heaviest_rollup

    print()
    print("=" * 78)
    for label, value in figures:
        print(f"{label:<58} {value:>18}")
    print()
    for row in rows:
        print(
            f"{row[0]:<16} {row[1]:>9} {row[2]:>4} {row[3]:>7} {row[4]:>12} {row[5]:>4} {row[6]:>7}"
        )
    print()
    if url:
        for label, ms, queries in rollup:
            print(f"roll-up of a {label}: {ms:.0f} ms median, {queries} queries")
    else:
        print("roll-up: no roll-up route in this branch")
    print()
    for total, sql, lines in heaviest:
        print(f"--- {total:.2f} ms: {sql[:300]}")
        print(f"    scans: {scans(lines)}")
        for line in lines:
            print("    " + line)
        big = seq_scans_of_big_tables(lines)
        if big:
            print("    !!! sequential scan of a national-size table: " + ", ".join(big))
        print()


if __name__ == "__main__":
    main()
