"""Closing the year: the page with what is still open, the head's «Закрыть год», and the
year's archive built in the background (the page reloads itself while it is built)."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.downloads import file_response
from programme import access
from programme.exceptions import DomainError
from programme.services import programme_close
from programme.services.roadmap import close_refusal

from ..models import ArchiveJob
from ..selectors import closing as selectors
from ..services import closing as services

REFRESH_SECONDS = 3


@access.manager_required
def closing(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    jobs = selectors.archive_jobs(programme)
    return render(
        request,
        "reports/closing/closing.html",
        {
            "programme": programme,
            "open_activities": selectors.open_activities(programme),
            "refusal": close_refusal(programme=programme, by=request.user),
            "jobs": jobs,
            "building": any(job.in_progress for job in jobs),
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


@require_POST
@access.manager_required
def close(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    try:
        programme_close(programme=programme, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Программа {programme.year} года закрыта: теперь она только для чтения."
        )
    return redirect("reports:closing", programme.pk)


@require_POST
@access.manager_required
def archive(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    services.archive_start(programme=programme, by=request.user)
    messages.info(request, "Архив собирается: страница обновится сама, когда он будет готов.")
    return redirect("reports:closing", programme.pk)


@access.manager_required
def archive_download(request, pk, job_pk):
    programme = access.get_programme(request.user, pk, write=True)
    job = get_object_or_404(
        ArchiveJob.objects.filter(programme=programme, status=ArchiveJob.Status.DONE), pk=job_pk
    )
    if not job.path or not default_storage.exists(job.path):
        raise Http404
    return file_response(default_storage.open(job.path, "rb"), services.archive_filename(programme))
