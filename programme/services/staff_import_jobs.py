"""The staff import off the request: the uploaded file is kept in the private storage, a job
records what is asked (a preview with the curator's settings, or the apply of a preview she
saw), and the background worker (`programme.tasks.run_staff_import`) reads the file within the
limits of `file_limits` and stores the preview as JSON — or the Russian reason it refused. A web
worker only saves the file and enqueues: an upload never holds it for more than a moment.

The apply stays all or nothing (`staff_import_apply`: one transaction, the preview's digest).
Call these outside a transaction: the job must be committed before the worker looks for it.
"""

import dataclasses
import json
import logging
import secrets
from collections import Counter, defaultdict

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.module_loading import import_string

from ..exceptions import DomainError
from ..models import Organisation, StaffImportJob, User
from . import staff_files as files
from . import staff_import

logger = logging.getLogger(__name__)

RUN_TASK = "programme.tasks.run_staff_import"
NOT_FOUND = "Файл для загрузки не найден: загрузите его снова."
BROKEN = (
    "Файл не удаётся прочитать до конца: он повреждён. Откройте его в Excel или LibreOffice, "
    "сохраните заново и загрузите снова."
)


# --- what is kept: settings and the preview as plain JSON ------------------------------------


def settings_to_json(settings: staff_import.ImportSettings) -> dict:
    data = dataclasses.asdict(settings)
    if data["columns"] is not None:
        data["columns"] = {str(index): target for index, target in data["columns"].items()}
    return data


def settings_from_json(data: dict) -> staff_import.ImportSettings:
    data = dict(data or {})
    if data.get("columns") is not None:
        data["columns"] = {int(index): target for index, target in data["columns"].items()}
    return staff_import.ImportSettings(**data)


def preview_to_json(preview: staff_import.ImportPreview) -> dict:
    """Plain dicts and lists (asdict would rebuild a Counter from pairs), checked to encode."""
    plain = dataclasses.replace(
        preview,
        shown=dict(preview.shown),
        counts=dict(preview.counts),
        skipped_posts=dict(preview.skipped_posts),
    )
    data = dataclasses.asdict(plain)
    json.dumps(data)  # fails here, in the job's try, not when the job is saved
    return data


def preview_from_json(data: dict) -> staff_import.ImportPreview:
    data = dict(data)
    data["columns"] = [files.Column(**column) for column in data["columns"]]
    data["questions"] = [staff_import.PositionQuestion(**q) for q in data["questions"]]
    data["counts"] = Counter(data["counts"])
    data["skipped_posts"] = Counter(data["skipped_posts"])
    shown = defaultdict(list)
    for action, rows in data["shown"].items():
        shown[action] = [
            staff_import.PreviewRow(
                **{**row, "changes": [staff_import.CellChange(**c) for c in row["changes"]]}
            )
            for row in rows
        ]
    data["shown"] = shown
    return staff_import.ImportPreview(**data)


# --- starting and running -------------------------------------------------------------------


def staff_import_store(*, organisation: Organisation, user: User, content: bytes, filename: str):
    """Keep an upload (checked by its name, size and first bytes) in the private storage under
    a random name: the path the jobs read it from."""
    files.check_import_file(content=content, filename=filename)
    extension = filename.rsplit(".", 1)[-1].lower()
    return default_storage.save(
        f"imports/{organisation.pk}/{user.pk}-{secrets.token_hex(16)}.{extension}",
        ContentFile(content),
    )


def staff_import_start(
    *,
    organisation: Organisation,
    user: User,
    path: str,
    filename: str,
    kind: str = StaffImportJob.Kind.PREVIEW,
    settings: staff_import.ImportSettings | None = None,
    digest: str = "",
) -> StaffImportJob:
    """A job for the stored file, handed to the background worker."""
    job = StaffImportJob.objects.create(
        organisation=organisation,
        user=user,
        kind=kind,
        path=path,
        filename=filename,
        settings=settings_to_json(settings or staff_import.ImportSettings()),
        digest=digest,
    )
    import_string(RUN_TASK).enqueue(job.pk)
    return job


def staff_import_job_run(*, job_id: int) -> None:
    """Read the job's file as it asks (the worker's side); the outcome is kept on the job."""
    job = StaffImportJob.objects.select_related("organisation").filter(pk=job_id).first()
    if job is None or job.status != StaffImportJob.Status.QUEUED:
        return  # gone, or already taken by another worker
    StaffImportJob.objects.filter(pk=job.pk).update(status=StaffImportJob.Status.RUNNING)
    job.status, job.error, job.result = StaffImportJob.Status.DONE, "", None
    try:
        content = _content(job)
        settings = settings_from_json(job.settings)
        if job.kind == StaffImportJob.Kind.APPLY:
            job.result, job.error = _apply(job, content, settings)
            if job.error:
                job.status = StaffImportJob.Status.FAILED
        else:
            job.result = preview_to_json(
                staff_import.staff_import_preview(
                    organisation=job.organisation,
                    content=content,
                    filename=job.filename,
                    settings=settings,
                    progress=lambda row: StaffImportJob.objects.filter(pk=job.pk).update(
                        rows_read=row
                    ),
                )
            )
    except DomainError as error:
        job.status, job.error = StaffImportJob.Status.FAILED, error.message
    except Exception:
        logger.exception("staff import job %s", job.pk)
        job.status, job.error = StaffImportJob.Status.FAILED, BROKEN
    if job.status == StaffImportJob.Status.FAILED and job.result is None:
        default_storage.delete(job.path)  # refused: nothing to correct, the list is not kept
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "result", "finished_at"])


def _content(job: StaffImportJob) -> bytes:
    if not default_storage.exists(job.path):
        raise DomainError(NOT_FOUND)
    with default_storage.open(job.path, "rb") as handle:
        return handle.read(files.MAX_IMPORT_BYTES + 1)


def _apply(job: StaffImportJob, content: bytes, settings) -> tuple[dict, str]:
    """The apply, all or nothing; refused, the job fails with the reason and keeps a fresh
    preview to look at again. Applied, the file (personal data) is deleted."""
    try:
        result = staff_import.staff_import_apply(
            organisation=job.organisation,
            content=content,
            filename=job.filename,
            settings=settings,
            digest=job.digest,
        )
    except DomainError as refusal:
        fresh = staff_import.staff_import_preview(
            organisation=job.organisation,
            content=content,
            filename=job.filename,
            settings=settings,
        )
        return preview_to_json(fresh), refusal.message
    default_storage.delete(job.path)
    return preview_to_json(result), ""


def staff_import_forget_before(*, organisation: Organisation, cutoff) -> None:
    """Jobs (their previews list names) older than `cutoff`: deleted with their files."""
    StaffImportJob.objects.filter(organisation=organisation, created_at__lt=cutoff).delete()
