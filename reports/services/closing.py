"""Closing the year: the head closes the programme (programme.services.programme_close makes it
read-only), and its archive — a zip of all its documents and an xlsx of its data — is built by
the background worker with its progress on an `ArchiveJob`, then downloaded through a checked
view. The archive may be built for any programme, closed or not.

What goes into the zip is ARCHIVE_SOURCES: callables `(programme) -> [(path in the zip,
bytes)]`. The other parts of stage 7 add theirs (the monitoring report, cases, certificates):
each exposes `archive_files(programme)` in `reports/documents/<part>.py`, listed in
PART_SOURCES below by the integrator."""

import io
import logging
import secrets
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from common.downloads import clean_filename
from common.renderer import Document, render_pdfs
from pairing.documents import order_document, order_filename, plan_html
from programme.exceptions import DomainError
from programme.models import Programme, User
from surveys.documents import consent_forms_document
from surveys.models import ConsentKind

from ..documents import cases as cases_documents
from ..documents import ceremony as ceremony_documents
from ..documents import monitoring as monitoring_documents
from ..documents.programmes import roadmap_document
from ..exports.closing import year_data_xlsx
from ..models import ArchiveJob
from ..selectors import closing as selectors

logger = logging.getLogger(__name__)

RUN_TASK = "reports.tasks.run_archive"
FAILED = (
    "Архив собрать не удалось: один из документов не строится. Попробуйте ещё раз; если "
    "ошибка повторится, сообщите администратору."
)


def _named(folder: str, document: Document) -> tuple[str, bytes]:
    return f"{folder}/{clean_filename(document.filename)}", document.content


def roadmap_files(programme: Programme) -> list[tuple[str, bytes]]:
    """The roadmap plan as the council agreed it and the head approved it (1.1)."""
    return [_named("01 Дорожная карта", roadmap_document(programme))]


def order_files(programme: Programme) -> list[tuple[str, bytes]]:
    """The orders and amendments as registered: the stored PDF, as it was issued."""
    files = []
    for order in selectors.registered_orders(programme):
        if order.pdf:
            with order.pdf.open("rb") as stored:
                files.append(_named("02 Приказы", Document(order_filename(order), stored.read())))
        else:
            files.append(_named("02 Приказы", order_document(order)))
    return files


def plan_files(programme: Programme) -> list[tuple[str, bytes]]:
    """Each mentee's individual development plan, its latest version (laid out in parallel:
    they are most of the archive's time)."""
    documents = render_pdfs([plan_html(plan) for plan in selectors.archive_plans(programme)])
    return [_named("03 Индивидуальные планы", document) for document in documents]


def consent_files(programme: Programme) -> list[tuple[str, bytes]]:
    """The consents of the year's participants as they gave them: the form of each text version
    they signed (a blank of the version, with its code) and the scans of the paper consents as
    recorded. Who consented when, by which channel, and who withdrew, is the data workbook's
    sheet «Согласия»."""
    consents = selectors.participant_consents(programme)
    files = []
    for text in {c.text_id: c.text for c in consents}.values():
        form = consent_forms_document(text=text, people=[])
        kind = "на публикацию" if text.kind == ConsentKind.PUBLICATION else "на обработку ПДн"
        files.append(
            _named(
                "04 Согласия", Document(f"Форма согласия {kind} ({text.code}).pdf", form.content)
            )
        )
    for consent in consents:
        if not consent.scan:
            continue
        extension = (consent.scan_name or consent.scan.name).rsplit(".", 1)[-1].lower()
        name = f"Скан — {consent.staff.short_name} ({consent.text.code}).{extension}"
        with consent.scan.open("rb") as stored:
            files.append((f"04 Согласия/{clean_filename(name)}", stored.read()))
    return files


def data_files(programme: Programme) -> list[tuple[str, bytes]]:
    """The year's data: bases, pairs, meetings, plans, outcomes."""
    return [(f"Данные программы {programme.year} года.xlsx", year_data_xlsx(programme))]


def _in_folder(folder: str, source):
    """A part's `archive_files(programme)`, its files put in the zip's `folder`."""

    def files(programme: Programme) -> list[tuple[str, bytes]]:
        return [
            (f"{folder}/{clean_filename(name)}", content) for name, content in source(programme)
        ]

    files.__doc__ = source.__doc__
    return files


# Stage 7's own papers: the monitoring report, the cases, the ceremony's certificates.
PART_SOURCES: list = [
    _in_folder("05 Мониторинг", monitoring_documents.archive_files),
    _in_folder("06 Кейсы", cases_documents.archive_files),
    _in_folder("07 Торжественное мероприятие", ceremony_documents.archive_files),
]

ARCHIVE_SOURCES = [roadmap_files, order_files, plan_files, consent_files, *PART_SOURCES, data_files]


def _unique(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    number = 2
    while f"{stem} ({number}){dot}{extension}" in taken:
        number += 1
    return f"{stem} ({number}){dot}{extension}"


def archive_bytes(*, programme: Programme, progress=None) -> tuple[bytes, int]:
    """The zip of every source's files (names unique within it) and how many files it holds.
    `progress(done, total, step)` is told after each source."""
    buffer = io.BytesIO()
    taken: set[str] = set()
    total = len(ARCHIVE_SOURCES)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, source in enumerate(ARCHIVE_SOURCES, start=1):
            for name, content in source(programme):
                name = _unique(name, taken)
                taken.add(name)
                archive.writestr(name, content)
            if progress is not None:
                progress(done, total, (source.__doc__ or "").strip().split("\n")[0])
    return buffer.getvalue(), len(taken)


def archive_filename(programme: Programme) -> str:
    organisation = programme.organisation.short_name or programme.organisation.name
    return clean_filename(f"Архив программы наставничества {programme.year} — {organisation}.zip")


def archive_start(*, programme: Programme, by: User) -> ArchiveJob:
    """A job for the programme's archive, handed to the background worker; while one is queued
    or running, a second click gets that one. Call outside a transaction."""
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        running = ArchiveJob.objects.filter(
            programme=programme, status__in=[ArchiveJob.Status.QUEUED, ArchiveJob.Status.RUNNING]
        ).first()
        if running is not None:
            return running
        job = ArchiveJob.objects.create(programme=programme, requested_by=by)
    import_string(RUN_TASK).enqueue(job.pk)
    return job


def archive_job_run(*, job_id: int) -> None:
    """Build the archive (the worker's side): progress after each source, the zip into the
    private storage, or the Russian reason it failed."""
    job = ArchiveJob.objects.select_related("programme__organisation").filter(pk=job_id).first()
    if job is None or job.status != ArchiveJob.Status.QUEUED:
        return
    ArchiveJob.objects.filter(pk=job.pk).update(status=ArchiveJob.Status.RUNNING)

    def progress(done: int, total: int, step: str) -> None:
        ArchiveJob.objects.filter(pk=job.pk).update(
            progress=min(99, done * 100 // total), step=step[:200]
        )

    try:
        content, count = archive_bytes(programme=job.programme, progress=progress)
        path = default_storage.save(
            f"archives/{job.programme_id}/{secrets.token_hex(16)}.zip", ContentFile(content)
        )
    except DomainError as error:
        job.status, job.error = ArchiveJob.Status.FAILED, error.message
    except Exception:
        logger.exception("archive job %s", job.pk)
        job.status, job.error = ArchiveJob.Status.FAILED, FAILED
    else:
        job.status, job.path, job.files, job.progress = ArchiveJob.Status.DONE, path, count, 100
        job.step = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "path", "files", "progress", "step", "finished_at"])
    # Older archives of the programme are replaced by this one: one copy of its personal data.
    if job.status == ArchiveJob.Status.DONE:
        for old in ArchiveJob.objects.filter(programme=job.programme_id).exclude(pk=job.pk):
            if old.path:
                default_storage.delete(old.path)
            old.delete()
