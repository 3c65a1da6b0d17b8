"""Closing the year: the head closes a programme whose activities are all done or «не
требуется» (the curator is told why she cannot); a closed programme refuses every change —
every POST route under programmes/<int:pk>/ swept, and the pages reached without the
programme's id (a pair's, a plan's, a meeting's, a questionnaire's personal link); the year's
archive is built in the background and downloaded under its Russian name."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pairing.models import Meeting, Order, Plan
from pairing.services import outcomes as outcome_services
from programme.exceptions import DomainError
from programme.models import Programme
from programme.models.roadmap import ActivityStatus
from programme.readonly import ALLOWED_ON_CLOSED, PROGRAMME_ROUTE, registered_lookups
from programme.services import check_programme_open, programme_close
from programme.services.roadmap import CLOSE_NEEDS_HEAD, ProgrammeClosed
from reports.models import ArchiveJob
from reports.services import closing as closing_services
from tests.factories_pair_work import active_pairs, held, login, meeting, plan_with_rows
from tests.files import pdf_bytes
from tests.test_url_permissions import NAMESPACES

REFUSED = "закрыта"


def _all_done(programme, *, but=()):
    programme.activities.exclude(code__in=but).update(status=ActivityStatus.DONE)
    programme.activities.filter(code__in=but).update(status=ActivityStatus.IN_PROGRESS)


@pytest.fixture
def closed(programme, head):
    _all_done(programme)
    programme.activities.filter(code="7.6").update(status=ActivityStatus.NOT_REQUIRED)
    return programme_close(programme=programme, by=head)


# --- who closes, and when --------------------------------------------------------------------


def test_the_head_closes_when_every_activity_is_done_or_not_required(programme, head):
    _all_done(programme)
    programme.activities.filter(code="7.6").update(status=ActivityStatus.NOT_REQUIRED)

    closed = programme_close(programme=programme, by=head)

    assert closed.closed_at is not None and closed.closed_by == head
    with pytest.raises(DomainError, match="закрыта"):
        programme_close(programme=closed, by=head)


def test_open_activities_are_named_in_the_refusal(programme, head):
    _all_done(programme, but=("7.7", "7.8"))
    with pytest.raises(DomainError, match=r"Открыты: 7\.7, 7\.8\."):
        programme_close(programme=programme, by=head)
    programme.refresh_from_db()
    assert programme.closed_at is None


def test_the_curator_cannot_close_and_the_page_says_why(programme, curator, curator_client):
    _all_done(programme)
    with pytest.raises(DomainError) as refusal:
        programme_close(programme=programme, by=curator)
    assert refusal.value.message == CLOSE_NEEDS_HEAD

    page = curator_client.get(reverse("reports:closing", args=[programme.pk])).content.decode()
    assert CLOSE_NEEDS_HEAD in page
    assert "Закрыть год</button>" not in page
    response = curator_client.post(reverse("reports:close", args=[programme.pk]))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.closed_at is None


def test_the_head_closes_on_the_page(programme, head_client):
    _all_done(programme)
    page = head_client.get(reverse("reports:closing", args=[programme.pk])).content.decode()
    assert "Закрыть год</button>" in page
    head_client.post(reverse("reports:close", args=[programme.pk]))
    programme.refresh_from_db()
    assert programme.closed_at is not None


# --- a closed programme refuses every change ------------------------------------------------


def _post_routes():
    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
            elif isinstance(p, URLPattern) and namespace in NAMESPACES:
                yield f"{namespace}:{p.name}", prefix + str(p.pattern)

    return sorted(set(walk(get_resolver().url_patterns)))


ROUTES = _post_routes()
PROGRAMME_ROUTES = [(n, r) for n, r in ROUTES if r.startswith(PROGRAMME_ROUTE)]
SAMPLE = {"scope": "mentees", "code": "1.1", "fmt": "xlsx", "kind": "mentees"}

# Routes that are no programme's: the organisation's staff list and competency catalogue, a
# person's own pages and links (sign-in, calendar), the public join page, the head's documents
# to sign across programmes, a teacher's history across programmes. Everything else that takes
# a POST belongs to a programme and is refused once it is closed.
NOT_OF_A_PROGRAMME = {
    "programme:home",
    "programme:my_page",
    "programme:programme_list",
    "programme:programme_create",
    "programme:staff_list",
    "programme:staff_create",
    "programme:staff_import",
    "programme:staff_import_template",
    "programme:staff_export",
    "programme:staff_edit",
    "programme:staff_toggle_active",
    "programme:staff_create_login",
    "programme:competency_list",
    "programme:competency_create",
    "programme:competency_load_defaults",
    "programme:competency_edit",
    "programme:competency_toggle",
    "surveys:fill_thanks",
    "surveys:fill_mine_thanks",
    "surveys:my_questionnaires",
    "surveys:my_consent_withdraw",
    "surveys:my_publication_consent",
    "reports:join",
    "reports:to_sign",
    "reports:history",
    # the coordinator's roll-up: every kindergarten's newest programme, none in particular
    "reports:territory",
    "reports:territory_xlsx",
    "programme:kindergarten_list",
    "programme:kindergarten_create",
    "programme:set_password",
    # the organisation's public page and its settings: no year's records
    "reports:public_settings",
    "reports:public_photo_upload",
    "reports:public_photo_delete",
    "reports:public_page",
    "reports:public_feed",
    "reports:public_photo",
    "pairing:signin_request",
    "pairing:signin",
    "pairing:my_calendar",
    "pairing:calendar_feed",
}


def test_every_route_is_a_programmes_or_named_as_no_programmes():
    """A new route that reaches a programme's records without its id must register how the
    read-only guard finds the programme (programme/readonly.py), or be named here."""
    names = {name for name, _route in ROUTES}
    covered = {n for n, _r in PROGRAMME_ROUTES} | registered_lookups() | NOT_OF_A_PROGRAMME
    assert sorted(names - covered - ALLOWED_ON_CLOSED) == []
    assert names >= NOT_OF_A_PROGRAMME, "no longer routed"


def _url(route, pk):
    def fill(match):
        kind, name = match.group(1), match.group(2)
        if name == "pk":
            return str(pk)
        return "1" if kind == "int" else SAMPLE.get(name, "x")

    return "/" + re.sub(r"<(\w+):(\w+)>", fill, route)


def _snapshot():
    """Row counts of every table of the product: a refused POST leaves them as they were."""
    ours = ("programme", "surveys", "pairing", "reports")
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in ours and m._meta.label != "programme.AuditEntry"
    }


@pytest.mark.parametrize("who", ["curator", "head"])
def test_every_post_on_a_closed_programme_is_refused_and_changes_nothing(
    closed, curator_client, head_client, who
):
    client = curator_client if who == "curator" else head_client
    before_programme = Programme.objects.filter(pk=closed.pk).values().get()
    before = _snapshot()
    swept = 0
    for name, route in PROGRAMME_ROUTES:
        if name in ALLOWED_ON_CLOSED:
            continue
        url = _url(route, closed.pk)
        response = client.post(url, {"title": "Новое", "status": "done", "q": "x"})
        assert response.status_code == 409, (name, url, response.status_code)
        assert REFUSED in response.content.decode(), name
        swept += 1
    assert swept > 60
    assert _snapshot() == before
    assert Programme.objects.filter(pk=closed.pk).values().get() == before_programme


def test_pages_of_a_closed_programme_still_read(closed, curator_client):
    for name in ("programme:dashboard", "programme:mentee_list", "reports:closing"):
        page = curator_client.get(reverse(name, args=[closed.pk]))
        assert page.status_code == 200, name
    dashboard = curator_client.get(reverse("programme:dashboard", args=[closed.pk]))
    assert "только для чтения" in dashboard.content.decode()


def test_another_kindergarten_learns_nothing_of_a_closed_programme(closed, other_curator_client):
    response = other_curator_client.post(reverse("programme:programme_edit", args=[closed.pk]))
    assert response.status_code in (403, 404)


@pytest.fixture
def pair_of_closed(programme, curator, head):
    pairing = active_pairs(programme, curator, 1)[0]
    plan = plan_with_rows(pairing, 1)
    planned = meeting(pairing, "trial", dt.date(2024, 10, 10))
    _all_done(programme)
    programme_close(programme=programme, by=head)
    return pairing, plan, planned


def test_the_pairs_pages_of_a_closed_programme_refuse_the_mentor_and_the_services(
    pair_of_closed,
):
    pairing, plan, planned = pair_of_closed
    mentor = login(pairing.mentor.staff)
    meetings = Meeting.objects.count()
    for url in (
        reverse("pairing:meeting_create", args=[pairing.pk]),
        reverse("pairing:meeting_outcome", args=[planned.pk]),
        reverse("pairing:plan_activity_add", args=[plan.pk]),
        reverse("pairing:outcome_record", args=[pairing.pk]),
    ):
        response = mentor.post(url, {"topic": "x", "held": "1"})
        assert response.status_code == 409, url
        assert "закрыта" in response.content.decode()
    assert Meeting.objects.count() == meetings
    assert Plan.objects.get(pk=plan.pk).activities.count() == 1
    # the services refuse too, whoever calls them
    with pytest.raises(ProgrammeClosed):
        outcome_services.outcome_record(pairing=pairing, by=None, result="full", conclusion="Итог")
    with pytest.raises(ProgrammeClosed):
        check_programme_open(programme_id=pairing.programme_id)


def test_a_questionnaire_link_of_a_closed_programme_takes_no_answers(programme, head, curator):
    from django.test import Client
    from django.utils import timezone

    from surveys.models import QuestionnaireKind
    from surveys.services import invitations
    from tests.factories import StaffMemberFactory

    staff = StaffMemberFactory(organisation=programme.organisation)
    questionnaire = programme.questionnaires.get(kind=QuestionnaireKind.MENTEE_INTAKE)
    created, _already = invitations.invitations_create(
        questionnaire=questionnaire,
        staff=[staff],
        by=curator,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    token = invitations.invitation_token(created[0])
    _all_done(programme)
    programme_close(programme=programme, by=head)

    response = Client().post(reverse("surveys:fill", args=[token]), {"q": "1"})
    assert response.status_code == 409
    assert "закрыта" in response.content.decode()


# --- the year's archive ------------------------------------------------------------------------


@pytest.fixture
def year(programme, curator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from surveys.models import ConsentChannel, ConsentKind
    from surveys.services import consents
    from tests.factories import MenteeProfileFactory

    pairs = active_pairs(programme, curator, 2)
    paper = MenteeProfileFactory(programme=programme, staff__last_name="Бумажная")
    consents.consent_give(
        staff=paper.staff,
        kind=ConsentKind.PROCESSING,
        channel=ConsentChannel.PAPER,
        scan=SimpleUploadedFile("скан.pdf", pdf_bytes()),
        recorded_by=curator,
    )
    plan_with_rows(pairs[0], 2)
    held(pairs[0], "final", dt.date(2025, 4, 30))
    outcome_services.outcome_record(
        pairing=pairs[0], by=curator, result="full", conclusion='=HYPERLINK("x")'
    )
    outcome_services.outcome_confirm(pairing=pairs[0], by=curator)
    return pairs


def _zip(job):
    with default_storage.open(job.path, "rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def test_the_archive_holds_the_years_documents_and_data(programme, year, curator_client):
    response = curator_client.post(reverse("reports:archive", args=[programme.pk]))
    assert response.status_code == 302

    job = ArchiveJob.objects.get(programme=programme)
    assert job.status == ArchiveJob.Status.DONE, job.error
    assert job.progress == 100
    archive = _zip(job)
    names = archive.namelist()
    assert any(n.startswith("01 Дорожная карта/") for n in names)
    order = Order.objects.get(programme=programme)
    assert any(n.startswith("02 Приказы/Приказ № 45-о") for n in names), names
    with order.pdf.open("rb") as stored:
        registered = stored.read()
    assert archive.read(next(n for n in names if n.startswith("02 Приказы/"))) == registered
    plans = [n for n in names if n.startswith("03 Индивидуальные планы/")]
    assert len(plans) == 1
    plan_text = PdfReader(io.BytesIO(archive.read(plans[0]))).pages[0].extract_text()
    assert "Наставляемая0-0" in plan_text
    consents = sorted(n for n in names if n.startswith("04 Согласия/"))
    code = f"{programme.organisation.slug}-ПД-1"
    form = f"04 Согласия/Форма согласия на обработку ПДн ({code}).pdf"
    scans = [n for n in consents if n.startswith("04 Согласия/Скан — Бумажная")]
    assert form in consents and len(scans) == 1 and len(consents) == 2
    assert archive.read(scans[0]) == pdf_bytes()

    data = load_workbook(io.BytesIO(archive.read(f"Данные программы {programme.year} года.xlsx")))
    assert data.sheetnames == [
        "Наставляемые",
        "Наставники",
        "Пары",
        "Встречи",
        "Планы",
        "Итоги в базах",
        "Согласия",
    ]
    pairs_sheet = [row for row in data["Пары"].iter_rows(values_only=True)]
    assert len(pairs_sheet) == 3
    conclusions = [row[7] for row in pairs_sheet[1:] if row[7]]
    assert conclusions == ['\'=HYPERLINK("x")']  # formula-safe
    assert len(list(data["Итоги в базах"].iter_rows())) == 3  # header, mentor, mentee
    consented = {row[0] for row in data["Согласия"].iter_rows(min_row=2, values_only=True)}
    assert {"Наставник0", "Наставляемая1-0"} <= {name.split()[0] for name in consented}


def test_the_archive_downloads_under_its_russian_name(programme, year, curator_client):
    curator_client.post(reverse("reports:archive", args=[programme.pk]))
    job = ArchiveJob.objects.get(programme=programme)
    page = curator_client.get(reverse("reports:closing", args=[programme.pk])).content.decode()
    url = reverse("reports:archive_download", args=[programme.pk, job.pk])
    assert url in page

    response = curator_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    disposition = response["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition
    assert "%D0%90%D1%80%D1%85%D0%B8%D0%B2" in disposition  # «Архив»
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()


def test_the_archive_is_built_for_a_closed_programme_too(closed, curator_client):
    response = curator_client.post(reverse("reports:archive", args=[closed.pk]))
    assert response.status_code == 302
    assert ArchiveJob.objects.get(programme=closed).status == ArchiveJob.Status.DONE


def test_a_second_archive_replaces_the_first(programme, year, curator):
    first = closing_services.archive_start(programme=programme, by=curator)
    first.refresh_from_db()
    assert first.path and default_storage.exists(first.path)
    second = closing_services.archive_start(programme=programme, by=curator)
    assert first.pk != second.pk  # the first was done (immediate tasks) before the second
    assert list(ArchiveJob.objects.filter(programme=programme)) == [
        ArchiveJob.objects.get(pk=second.pk)
    ]
    assert not default_storage.exists(first.path)  # one copy of the year's personal data


def test_a_running_archive_is_not_started_twice(programme, curator, curator_client):
    running = ArchiveJob.objects.create(programme=programme, status=ArchiveJob.Status.RUNNING)
    assert closing_services.archive_start(programme=programme, by=curator) == running
    page = curator_client.get(reverse("reports:closing", args=[programme.pk])).content.decode()
    assert 'http-equiv="refresh"' in page  # the page polls itself, no script
    assert "Архив собирается" in page


def test_nobody_else_downloads_the_archive(
    programme, year, curator, other_curator_client, teacher_client, regional_client
):
    job = closing_services.archive_start(programme=programme, by=curator)
    url = reverse("reports:archive_download", args=[programme.pk, job.pk])
    assert other_curator_client.get(url).status_code == 404
    assert teacher_client.get(url).status_code == 403
    assert regional_client.get(url).status_code == 403


def test_a_failed_source_fails_the_job_with_a_russian_reason(programme, curator, monkeypatch):
    def broken(programme):
        raise RuntimeError("boom")

    monkeypatch.setattr(closing_services, "ARCHIVE_SOURCES", [broken])
    job = closing_services.archive_start(programme=programme, by=curator)
    job.refresh_from_db()
    assert job.status == ArchiveJob.Status.FAILED
    assert job.error == closing_services.FAILED


def test_the_admin_keeps_a_closed_year_read_only_and_only_a_superuser_reopens(closed, curator):
    from django.test import Client

    from programme import services
    from tests.factories import UserFactory

    services.grant_admin_access(user=curator)
    client = Client()
    client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")
    activity = closed.activities.first()
    url = f"/admin/programme/activity/{activity.pk}/change/"
    assert client.post(url, {"status": "planned"}).status_code in (302, 403)
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE
    assert (
        'name="closed_at'
        not in client.get(f"/admin/programme/programme/{closed.pk}/change/").content.decode()
    )

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(f"/admin/programme/programme/{closed.pk}/change/").content.decode()
    assert 'name="closed_at' in page


def test_a_closed_year_is_still_copied_to_the_next_and_stays_as_it_was(closed, curator_client):
    before = list(closed.activities.values_list("code", "status", "evidence_url"))
    response = curator_client.post(reverse("programme:programme_copy", args=[closed.pk]))
    assert response.status_code == 302
    assert Programme.objects.filter(previous=closed, year=closed.year + 1).exists()
    assert list(closed.activities.values_list("code", "status", "evidence_url")) == before


def test_the_archive_holds_the_report_the_cases_and_the_certificates(
    programme, year, curator, curator_client
):
    from reports.models import NominationKind
    from reports.services import cases as case_services
    from reports.services import ceremony as ceremony_services
    from reports.services import monitoring as monitoring_services

    completed = year[0]
    completed.refresh_from_db()
    nomination = ceremony_services.nomination_create(
        programme=programme, kind=NominationKind.BEST_MENTOR
    )
    ceremony_services.award_create(
        nomination=nomination,
        staff=completed.mentor.staff,
        citation="За терпение и мастерство",
        awarded_on=dt.date(2025, 5, 20),
        pairing=completed,
    )
    case_services.case_create_from_pairing(pairing=completed)
    monitoring_services.monitoring_save(
        programme=programme, by=curator, strengths="Пары работают", conclusions="Продолжить"
    )

    curator_client.post(reverse("reports:archive", args=[programme.pk]))
    job = ArchiveJob.objects.get(programme=programme)
    assert job.status == ArchiveJob.Status.DONE, job.error
    names = _zip(job).namelist()
    assert [n for n in names if n.startswith("05 Мониторинг/")] and any(
        n.endswith(".xlsx") for n in names if n.startswith("05 Мониторинг/")
    ), names
    assert len([n for n in names if n.startswith("06 Кейсы/")]) == 1, names
    certificates = [n for n in names if n.startswith("07 Торжественное мероприятие/")]
    assert certificates, names
    text = PdfReader(io.BytesIO(_zip(job).read(certificates[0]))).pages[0].extract_text()
    assert completed.mentor.staff.last_name in text
