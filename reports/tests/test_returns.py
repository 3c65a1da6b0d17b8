"""The annual return (issue 24, item 3): the figures a kindergarten's records give as of the
date, the head's frozen and versioned snapshot, the coordinator's status, reminders and summary
(xlsx, PDF) — figures only, her territory only."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pairing.models import PairingStatus
from programme.models import Territory, TerritoryKind
from reports.models import Award, Case, CaseStatus, Nomination, OrganisationReturn
from reports.selectors import returns as selectors
from reports.services import returns as services
from tests.factories import OrganisationFactory, ProgrammeFactory, StaffMemberFactory, UserFactory
from tests.factories_pairing import (
    MembershipFactory,
    PairingFactory,
    included_mentee,
    ready_mentor,
)

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2024, 11, 1)
TODAY = timezone.localdate()


@pytest.fixture
def omsk(db):
    region = Territory.objects.create(name="Омская область", kind=TerritoryKind.REGION)
    return Territory.objects.create(
        name="г. Омск",
        kind=TerritoryKind.MUNICIPALITY,
        parent=region,
        authority="Департамент образования Администрации города Омска",
    )


@pytest.fixture
def tara(omsk):
    return Territory.objects.create(
        name="Тарский район", kind=TerritoryKind.MUNICIPALITY, parent=omsk.parent
    )


def _login(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _coordinator(territory, username="methodist"):
    return UserFactory(username=username, organisation=None, role="regional", territory=territory)


def _head(organisation, username):
    return UserFactory(
        username=username, organisation=organisation, role="head", email=f"{username}@example.org"
    )


def _collection(territory, **data):
    return services.collection_open(
        territory=territory,
        title=data.pop("title", "Годовой отчёт о наставничестве"),
        as_of=data.pop("as_of", AS_OF),
        opens_on=data.pop("opens_on", TODAY - dt.timedelta(days=5)),
        closes_on=data.pop("closes_on", TODAY + dt.timedelta(days=10)),
        by=None,
        **data,
    )


def _hand_built_kindergarten(territory):
    """Seven pedagogues (an assistant and a dismissed teacher besides), two pairs."""
    organisation = OrganisationFactory(
        short_name="Детский сад № 12", slug="ds-hand-12", territory=territory
    )
    programme = ProgrammeFactory(organisation=organisation)
    m1 = ready_mentor(
        programme, {}, last_name="Наставникова", category="mentor", birth_date=dt.date(1980, 1, 1)
    )
    m2 = ready_mentor(programme, {}, labour_consent=False, last_name="Опытная")
    young = dict(experience_here=0)
    e1 = included_mentee(programme, {}, birth_date=dt.date(1998, 1, 1), experience_total=1, **young)
    e2 = included_mentee(
        programme, {}, birth_date=dt.date(1990, 6, 1), experience_total=2, **young
    )  # 34 on the date
    e3 = included_mentee(programme, {}, birth_date=dt.date(1985, 1, 1), experience_total=1, **young)
    StaffMemberFactory(
        organisation=organisation, birth_date=dt.date(2000, 1, 1), experience_total=0.5, **young
    )  # young, not mentored
    StaffMemberFactory(organisation=organisation, experience_total=20)  # no birth date
    StaffMemberFactory(organisation=organisation, position="pomoshnik")
    StaffMemberFactory(organisation=organisation, is_active=False, birth_date=dt.date(2001, 1, 1))
    pair = PairingFactory(mentor=m1, status=PairingStatus.ACTIVE)
    MembershipFactory(pairing=pair, mentee=e1)
    group = PairingFactory(mentor=m2, form="group", status=PairingStatus.COMPLETED)
    MembershipFactory(pairing=group, mentee=e2)
    MembershipFactory(pairing=group, mentee=e3)
    nomination = Nomination.objects.create(
        programme=programme, kind="best_mentor", title="Лучший наставник"
    )
    Award.objects.create(nomination=nomination, staff=m1.staff)
    Award.objects.create(nomination=nomination, staff=e1.staff)  # a mentee: not counted
    Case.objects.create(
        programme=programme, pairing=pair, title="Кейс", status=CaseStatus.PUBLISHED
    )
    Case.objects.create(programme=programme, pairing=group, title="Черновик")
    return organisation, programme


def test_the_figures_equal_a_hand_count_on_a_small_kindergarten(omsk):
    organisation, programme = _hand_built_kindergarten(omsk)

    found, values = selectors.computed_figures(organisation, AS_OF)

    assert found == programme
    expected = {
        "staff": 7,
        "staff_under_35": 3,
        "young": 3,
        "mentees": 3,
        "young_mentees": 2,
        "young_covered": 67,
        "mentors": 2,
        "mentors_basis": 1,
        "mentors_category": 1,
        "pairs": 1,
        "groups": 1,
        "form_teacher_teacher": 1,
        "form_group": 1,
        "form_reverse": 0,
        "completed": 1,
        "ended_early": 0,
        "plan_percent": None,
        "satisfaction_mentors": None,
        "satisfaction_mentees": None,
        "mentors_awarded": 1,
        "cases_published": 1,
    }
    assert {code: values[code] for code in expected} == expected


def test_a_submitted_return_does_not_change_when_the_records_change_afterwards(omsk):
    organisation, programme = _hand_built_kindergarten(omsk)
    head = _head(organisation, "head12")
    collection = _collection(omsk)
    services.return_submit(collection=collection, organisation=organisation, by=head)

    StaffMemberFactory.create_batch(
        4, organisation=organisation, birth_date=dt.date(2001, 1, 1), experience_total=1
    )
    programme.pairings.update(status=PairingStatus.TERMINATED)
    Case.objects.filter(programme=programme).update(status=CaseStatus.PUBLISHED)

    submitted = OrganisationReturn.objects.get(collection=collection, organisation=organisation)
    assert submitted.value_of("staff") == 7
    assert submitted.value_of("young") == 3
    assert submitted.value_of("completed") == 1
    assert submitted.value_of("ended_early") == 0
    assert submitted.value_of("cases_published") == 1
    assert submitted.submitted_by == head and submitted.submitted_at is not None
    _programme, now = selectors.computed_figures(organisation, AS_OF)
    assert now["staff"] == 11 and now["ended_early"] == 2  # the records did change
    summary = selectors.summary(collection)
    row = summary.rows[0][1]
    assert row[[c.key for c in summary.columns].index("staff")] == 7


def test_the_head_corrects_with_a_comment_and_a_resubmission_keeps_the_previous_version(omsk):
    organisation, _programme = _hand_built_kindergarten(omsk)
    head = _head(organisation, "head12")
    collection = _collection(
        omsk, numbers=["Педагогов, прошедших курсы"], texts=["Лучшая практика"]
    )
    number, text = collection.indicators.order_by("order")
    client = _login(head)
    url = reverse("reports:return_form", args=[collection.pk])

    first = client.post(url, {f"ind_{number.pk}": "4", f"ind_{text.pk}": "Клуб молодого педагога"})
    second = client.post(
        url,
        {
            "fix_staff_under_35": "4",
            "why_staff_under_35": "У одного педагога нет даты рождения в системе",
            f"ind_{number.pk}": "5",
        },
    )

    assert first.status_code == second.status_code == 302
    old, new = OrganisationReturn.objects.filter(organisation=organisation).order_by("version")
    assert (old.version, old.is_current, new.version, new.is_current) == (1, False, 2, True)
    assert old.value_of("staff_under_35") == 3
    assert new.value_of("staff_under_35") == 4
    corrected = next(f for f in new.figures if f["code"] == "staff_under_35")
    assert corrected["computed"] == 3 and corrected["comment"].startswith("У одного")
    assert [a["value"] for a in old.answers] == [4, "Клуб молодого педагога"]
    assert [a["value"] for a in new.answers] == [5, ""]
    page = client.get(url).content.decode()
    assert "Версия 1" in page and "Версия 2" in page
    old_page = client.get(reverse("reports:return_version", args=[collection.pk, old.pk]))
    assert old_page.status_code == 200


def test_a_correction_without_a_comment_is_refused_in_russian(omsk):
    organisation, _programme = _hand_built_kindergarten(omsk)
    collection = _collection(omsk)
    client = _login(_head(organisation, "head12"))

    page = client.post(reverse("reports:return_form", args=[collection.pk]), {"fix_mentors": "3"})

    assert page.status_code == 200
    assert "«Наставников — всего» без комментария" in page.content.decode()
    assert not OrganisationReturn.objects.exists()
    with pytest.raises(services.CorrectionWithoutComment, match="без комментария"):
        services.return_submit(
            collection=collection,
            organisation=organisation,
            by=None,
            corrections={"mentors": (3, " ")},
        )


def test_outside_the_window_the_return_is_read_only_with_a_russian_message(omsk):
    organisation, _programme = _hand_built_kindergarten(omsk)
    closed = _collection(
        omsk, opens_on=TODAY - dt.timedelta(days=20), closes_on=TODAY - dt.timedelta(days=1)
    )
    client = _login(_head(organisation, "head12"))
    url = reverse("reports:return_form", args=[closed.pk])

    page = client.get(url).content.decode()
    refused = client.post(url, {}).content.decode()

    assert "Приём отчёта закрыт" in page
    assert "Сдать отчёт" not in page
    assert "Приём отчёта закрыт" in refused
    assert not OrganisationReturn.objects.exists()
    with pytest.raises(services.ReturnWindowClosed, match="ещё не открыт"):
        services.return_submit(
            collection=closed,
            organisation=organisation,
            by=None,
            today=closed.opens_on - dt.timedelta(days=1),
        )


def test_only_one_collection_per_territory_and_date(omsk):
    _collection(omsk)
    with pytest.raises(services.ReturnError, match="уже открыт"):
        _collection(omsk)


def test_two_current_versions_are_refused_by_the_database(omsk):
    organisation, _programme = _hand_built_kindergarten(omsk)
    collection = _collection(omsk)
    submitted = services.return_submit(collection=collection, organisation=organisation, by=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationReturn.objects.create(
            collection=collection,
            organisation=organisation,
            version=submitted.version + 1,
            is_current=True,
            submitted_at=timezone.now(),
        )


def test_the_coordinator_opens_a_collection_on_her_page(omsk):
    client = _login(_coordinator(omsk))
    url = reverse("reports:return_collections")
    data = {
        "title": "Годовой отчёт",
        "as_of": "2024-11-01",
        "opens_on": "2024-11-01",
        "closes_on": "2024-10-01",
        "numbers": "Педагогов, прошедших курсы\n\n",
        "texts": "",
    }

    refused = client.post(url, data)
    opened = client.post(url, {**data, "closes_on": "2024-11-15"})

    assert "Приём не может закрыться раньше" in refused.content.decode()
    assert opened.status_code == 302
    collection = omsk.return_collections.get()
    assert [i.label for i in collection.indicators.all()] == ["Педагогов, прошедших курсы"]


def test_reminders_go_only_to_the_heads_who_have_not_submitted_and_only_once(
    omsk, django_capture_on_commit_callbacks
):
    submitted_org, _programme = _hand_built_kindergarten(omsk)
    waiting_org = OrganisationFactory(short_name="Детский сад № 45", slug="ds45", territory=omsk)
    _head(submitted_org, "done")
    _head(waiting_org, "late")
    collection = _collection(omsk)
    services.return_submit(collection=collection, organisation=submitted_org, by=None)
    client = _login(_coordinator(omsk))
    url = reverse("reports:return_remind", args=[collection.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, follow=True)

    assert [m.to for m in mail.outbox] == [["late@example.org"]]
    assert "Годовой отчёт о наставничестве" in mail.outbox[0].subject
    assert "Напоминать некому" in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        later = services.collection_remind(
            collection=collection, now=timezone.now() + dt.timedelta(days=2)
        )
    assert later == 1 and len(mail.outbox) == 2


def test_the_summary_xlsx_and_pdf_read_back_with_totals(omsk):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    organisation, _programme = _hand_built_kindergarten(omsk)
    other = OrganisationFactory(short_name="Детский сад № 45", slug="ds45", territory=omsk)
    StaffMemberFactory.create_batch(3, organisation=other)
    OrganisationFactory(short_name="Детский сад № 87", slug="ds87", territory=omsk)
    collection = _collection(omsk, numbers=["Курсы"])
    services.return_submit(collection=collection, organisation=organisation, by=None)
    services.return_submit(
        collection=collection,
        organisation=other,
        by=None,
        corrections={"staff_under_35": (2, "Даты рождения внесены не у всех")},
    )
    client = _login(_coordinator(omsk))

    xlsx = client.get(reverse("reports:return_collection_xlsx", args=[collection.pk]))
    pdf = client.get(reverse("reports:return_collection_pdf", args=[collection.pk]))

    assert "filename*=UTF-8''" in xlsx["Content-Disposition"]
    assert "%D0%93%D0%BE%D0%B4%D0%BE%D0%B2%D0%BE%D0%B9" in xlsx["Content-Disposition"]  # Годовой
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book["Годовой отчёт"]
    assert list(book["Исправления"].iter_rows(values_only=True))[1] == (
        "Детский сад № 45",
        "из них в возрасте до 35 лет",
        0,
        2,
        "Даты рождения внесены не у всех",
    )
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    staff = header.index("Педагогических работников")
    assert header[:3] == ["Организация", "Сдан", "Версия"]
    assert "Курсы" in header
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Детский сад № 12"][staff] == 7
    assert by_name["Детский сад № 45"][staff] == 3
    assert by_name["Детский сад № 87"][1] == "не сдан"
    assert rows[-1][0] == "Итого (сдали 2 из 3)"
    assert rows[-1][staff] == 10
    covered = header.index("Охват молодых педагогов наставничеством, %")
    assert rows[-1][covered] == 67  # 2 young mentees of 3 young teachers, summed
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Департамент образования Администрации города Омска" in text
    assert "01.11.2024" in text
    assert "Итого" in text and "Детский сад № 87" in text
    for name in ("Наставникова", "Опытная"):
        assert name not in text
        assert all(name not in str(cell) for row in rows for cell in row)


ROUTES = ["return_collection", "return_remind", "return_collection_xlsx", "return_collection_pdf"]


def test_another_territorys_coordinator_gets_404_and_heads_and_teachers_403(omsk, tara, org):
    collection = _collection(omsk)
    stranger = _login(_coordinator(tara, "tara"))
    head = _login(_head(org, "head30"))
    teacher = _login(UserFactory(username="t30", organisation=org, role="teacher"))

    for name in ROUTES:
        url = reverse(f"reports:{name}", args=[collection.pk])
        assert stranger.get(url).status_code in (404, 405), url
        assert stranger.post(url).status_code == 404, url
        assert head.post(url).status_code == 403, url
        assert teacher.post(url).status_code == 403, url
    page = stranger.get(reverse("reports:return_collections")).content.decode()
    assert reverse("reports:return_collection", args=[collection.pk]) not in page
    assert teacher.get(reverse("reports:returns")).status_code == 403


def test_a_head_of_another_kindergarten_gets_404_for_someone_elses_return(omsk, tara):
    organisation, _programme = _hand_built_kindergarten(omsk)
    collection = _collection(omsk)
    submitted = services.return_submit(collection=collection, organisation=organisation, by=None)
    neighbour = OrganisationFactory(short_name="Детский сад № 45", slug="ds45", territory=omsk)
    elsewhere = OrganisationFactory(short_name="Тарский сад", slug="tara1", territory=tara)
    version = reverse("reports:return_version", args=[collection.pk, submitted.pk])

    assert _login(_head(neighbour, "n45")).get(version).status_code == 404
    far = _login(_head(elsewhere, "tara1"))
    assert far.get(reverse("reports:return_form", args=[collection.pk])).status_code == 404
    assert _login(_coordinator(omsk)).get(version).status_code == 403


def test_the_curator_reads_the_return_and_only_the_head_submits(omsk):
    organisation, _programme = _hand_built_kindergarten(omsk)
    collection = _collection(omsk)
    curator = _login(UserFactory(username="cur12", organisation=organisation, role="curator"))
    url = reverse("reports:return_form", args=[collection.pk])

    page = curator.get(url)

    assert page.status_code == 200
    assert "Сдаёт отчёт заведующий" in page.content.decode()
    assert curator.post(url, {}).status_code == 403
    assert not OrganisationReturn.objects.exists()


def _status_queries(client, collection) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert (
            client.get(reverse("reports:return_collection", args=[collection.pk])).status_code
            == 200
        )
    return len(queries)


def test_the_status_page_takes_as_many_queries_for_3_as_for_30_kindergartens(omsk):
    collection = _collection(omsk)
    client = _login(_coordinator(omsk))

    def add(count, start):
        for i in range(start, start + count):
            organisation = OrganisationFactory(
                short_name=f"Детский сад № {i}", slug=f"q{i}", territory=omsk
            )
            if i % 2:
                services.return_submit(collection=collection, organisation=organisation, by=None)

    add(3, 0)
    with_three = _status_queries(client, collection)
    add(27, 3)
    with_thirty = _status_queries(client, collection)

    assert with_three == with_thirty


def test_the_demo_opens_the_omsk_return_half_collected_and_runs_twice_the_same(org, head):
    from types import SimpleNamespace

    from reports.demo import build_returns

    ctx = SimpleNamespace(organisation=org, users={"head": head})
    omsk = Territory.objects.create(
        name="г. Омск",
        kind=TerritoryKind.MUNICIPALITY,
        parent=Territory.objects.create(name="Омская область", kind=TerritoryKind.REGION),
    )
    OrganisationFactory(short_name="Детский сад № 12", slug="ds-omsk-12", territory=omsk)
    OrganisationFactory(short_name="Детский сад № 45", slug="ds-omsk-45", territory=omsk)

    build_returns(ctx)
    build_returns(ctx)

    collection = omsk.return_collections.get()
    assert collection.as_of == AS_OF
    org.refresh_from_db()
    assert org.territory == omsk
    done = selectors.status(collection)
    assert [(r.organisation.slug, bool(r.current)) for r in done.rows] == [
        ("ds-omsk-12", True),
        ("ds30", True),
        ("ds-omsk-45", False),
    ]
    assert OrganisationReturn.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers are a PostgreSQL matter"
)
def test_submissions_and_reminders_at_once_leave_one_current_version_and_one_letter():
    from tests.test_concurrency import at_once

    region = Territory.objects.create(name="Омская область", kind=TerritoryKind.REGION)
    omsk = Territory.objects.create(name="г. Омск", kind=TerritoryKind.MUNICIPALITY, parent=region)
    organisation, _programme = _hand_built_kindergarten(omsk)
    waiting = OrganisationFactory(short_name="Детский сад № 45", slug="ds45", territory=omsk)
    _head(waiting, "late")
    collection = _collection(omsk)

    errors = at_once(
        [lambda: services.return_submit(collection=collection, organisation=organisation, by=None)]
        * 4
    )
    errors += at_once([lambda: services.collection_remind(collection=collection)] * 4)

    assert errors == []
    versions = OrganisationReturn.objects.filter(organisation=organisation)
    assert sorted(versions.values_list("version", flat=True)) == [1, 2, 3, 4]
    assert versions.filter(is_current=True).count() == 1
    assert len(mail.outbox) == 1
