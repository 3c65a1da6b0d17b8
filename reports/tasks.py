"""Background work of reports: thin wrappers that take ids and call services."""

from django_tasks import task

from .services import ceremony, closing, returns


@task()
def send_ceremony_invitation(kind: str, pk: int) -> None:
    ceremony.invitation_deliver(kind=kind, pk=pk)


@task()
def run_archive(job_id: int) -> None:
    closing.archive_job_run(job_id=job_id)


@task()
def send_return_reminder(collection_id: int, organisation_id: int) -> None:
    returns.return_reminder_deliver(collection_id=collection_id, organisation_id=organisation_id)
