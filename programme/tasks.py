"""Background work of the programme: thin wrappers that take ids and call services."""

from django_tasks import task

from .services import staff_import_jobs, territories


@task()
def run_staff_import(job_id: int) -> None:
    staff_import_jobs.staff_import_job_run(job_id=job_id)


@task()
def send_curator_invitation(user_id: int) -> None:
    territories.curator_invitation_deliver(user_id=user_id)
