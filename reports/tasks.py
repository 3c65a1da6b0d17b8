"""Background work of reports: thin wrappers that take ids and call services."""

from django_tasks import task

from .services import ceremony


@task()
def send_ceremony_invitation(kind: str, pk: int) -> None:
    ceremony.invitation_deliver(kind=kind, pk=pk)
