"""The staff import off the request (issue #22 §1): a post only stores the file and enqueues;
the page waits for the background job without script, then shows its preview or its refusal."""

import time

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from programme.models import StaffImportJob, StaffMember
from programme.selectors.staff import staff_import_job
from programme.services import staff_import_jobs
from programme.tests import staff_import_files as files
from programme.tests.test_upload_bombs import ods_sheet

pytestmark = pytest.mark.django_db
URL = reverse("programme:staff_import")


@pytest.fixture
def queued(monkeypatch):
    """The worker is busy: jobs wait in the queue until a test runs them."""
    waiting = []

    class Later:
        @staticmethod
        def enqueue(job_id):
            waiting.append(job_id)

    monkeypatch.setattr(staff_import_jobs, "import_string", lambda path: Later)
    return waiting


def test_upload_returns_at_once_and_the_page_waits_for_the_worker_without_script(
    curator_client, org, queued
):
    started = time.perf_counter()
    posted = curator_client.post(
        URL, {"file": files.upload(files.municipal_csv(50), "list.csv"), "action": "upload"}
    )
    assert time.perf_counter() - started < 2

    assert posted.status_code == 302
    job = StaffImportJob.objects.get(pk=queued[0])
    assert (job.status, job.kind, job.organisation) == ("queued", "preview", org)
    assert default_storage.exists(job.path) and job.path.startswith(f"imports/{org.pk}/")
    waiting = curator_client.get(URL).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in waiting
    assert "Проверяем «list.csv»" in waiting and "Обновить" in waiting
    assert "<script" not in waiting.split("<body", 1)[1].split("</main>")[0]

    staff_import_jobs.staff_import_job_run(job_id=job.pk)
    shown = curator_client.get(URL)

    assert shown.context["preview"].count_new == 50
    assert 'http-equiv="refresh"' not in shown.content.decode()


def test_the_worker_reports_the_rows_read_while_it_reads(curator, org, queued, monkeypatch):
    path = staff_import_jobs.staff_import_store(
        organisation=org, user=curator, content=files.municipal_csv(2500), filename="big.csv"
    )
    job = staff_import_jobs.staff_import_start(
        organisation=org, user=curator, path=path, filename="big.csv"
    )
    seen_by_the_page = []
    real_preview = staff_import_jobs.staff_import.staff_import_preview

    def preview_watched(**kwargs):
        def report(row):
            kwargs["progress"](row)
            seen_by_the_page.append(StaffImportJob.objects.get(pk=job.pk).rows_read)

        return real_preview(**{**kwargs, "progress": report})

    monkeypatch.setattr(staff_import_jobs.staff_import, "staff_import_preview", preview_watched)

    staff_import_jobs.staff_import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert seen_by_the_page == [1000, 2000]
    assert (job.status, job.result["counts"]["новый"]) == ("done", 2500)


def test_a_bomb_is_refused_on_the_page_in_russian_and_its_file_is_not_kept(curator_client, org):
    bomb = ods_sheet(
        '<table:table-row table:number-rows-repeated="1000000000"><table:table-cell '
        'office:value-type="string"><text:p>Иванова Мария</text:p></table:table-cell>'
        "</table:table-row>"
    )

    page = curator_client.post(
        URL, {"file": files.upload(bomb, "staff.ods"), "action": "upload"}, follow=True
    )

    job = StaffImportJob.objects.get()
    assert job.status == "failed"
    assert job.error.startswith("Файл слишком большой или повреждён: ")
    assert job.error in page.content.decode()
    assert page.context["preview"] is None
    assert not default_storage.exists(job.path)
    assert not StaffMember.objects.filter(last_name="Иванова").exists()


def test_a_file_that_is_not_a_table_is_refused_in_the_request_without_a_job(curator_client):
    page = curator_client.post(
        URL, {"file": files.upload(b"%PDF-1.4", "list.docx"), "action": "upload"}
    )

    assert "xlsx, xls, ods или csv" in page.content.decode()
    assert not StaffImportJob.objects.exists()


def test_another_curator_never_sees_someone_elses_job(curator, org, other_curator, other_org):
    job = StaffImportJob.objects.create(
        organisation=org, user=curator, kind="preview", path="imports/x.csv", filename="x.csv"
    )

    assert staff_import_job(organisation=org, user=curator, pk=job.pk) == job
    assert staff_import_job(organisation=other_org, user=other_curator, pk=job.pk) is None
    assert staff_import_job(organisation=org, user=other_curator, pk=job.pk) is None


def test_a_job_taken_by_another_worker_is_not_run_twice(curator, org):
    job = StaffImportJob.objects.create(
        organisation=org,
        user=curator,
        kind="preview",
        path="imports/x.csv",
        filename="x.csv",
        status="running",
    )

    staff_import_jobs.staff_import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.result, job.error) == ("running", None, "")


def test_the_preview_survives_its_trip_through_json(curator, org):
    preview = staff_import_jobs.staff_import.staff_import_preview(
        organisation=org, content=files.onec_staff_list_xlsx(), filename="1c.xlsx"
    )

    again = staff_import_jobs.preview_from_json(staff_import_jobs.preview_to_json(preview))

    assert again == preview
