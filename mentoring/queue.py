"""Background work, enqueued once the current transaction commits.

A service that needs work done later names the task by its dotted path instead of importing
the task module: tasks import services (a task is a thin wrapper that takes ids and calls a
service), so a service importing a task would close an import cycle.
"""

from django.db import transaction
from django.utils.module_loading import import_string


def enqueue_on_commit(task_path: str, *args, **kwargs) -> None:
    """Enqueue the task at `task_path` with these arguments (ids, not records) after commit."""

    def enqueue() -> None:
        import_string(task_path).enqueue(*args, **kwargs)

    transaction.on_commit(enqueue)
