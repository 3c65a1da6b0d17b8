"""/healthz for monitoring: is the database reachable, and is the background worker keeping up
(the age of the oldest task waiting in the queue). JSON, no login, no personal data."""

import os

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# A task waiting longer than this means the worker is down or stuck: 503 for the monitor.
TASK_AGE_LIMIT = int(os.environ.get("HEALTHZ_TASK_AGE_LIMIT", "900"))


def _oldest_pending_age() -> float | None:
    from django_tasks_db.models import DBTaskResult

    # Waiting since it was enqueued (a task with no start time) or since its start time came.
    oldest = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", "run_after")
        .first()
    )
    if oldest is None:
        return 0.0
    enqueued_at, run_after = oldest
    since = max(enqueued_at, run_after) if run_after.year < 9999 else enqueued_at
    return max((timezone.now() - since).total_seconds(), 0.0)


@never_cache
@require_GET
def healthz(request):
    body = {"database": "ok", "oldest_pending_task_age_seconds": None, "status": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        body["oldest_pending_task_age_seconds"] = round(_oldest_pending_age(), 1)
    except DatabaseError:
        body["database"] = "unreachable"
        body["status"] = "error"
        return JsonResponse(body, status=503)
    if body["oldest_pending_task_age_seconds"] > TASK_AGE_LIMIT:
        body["status"] = "tasks_stalled"
        return JsonResponse(body, status=503)
    return JsonResponse(body)
