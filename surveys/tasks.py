"""Background work of the questionnaires: thin wrappers that take ids and call services."""

from django_tasks import task

from .services import invitations


@task()
def send_invitation_email(invitation_id: int, reminder: bool = False) -> None:
    invitations.invitation_email_deliver(invitation_id=invitation_id, reminder=reminder)
