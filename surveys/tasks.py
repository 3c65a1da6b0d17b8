"""Background work of the questionnaires: thin wrappers that take ids and call services."""

from django_tasks import task

from .services import consents, invitations


@task()
def send_invitation_email(invitation_id: int, reminder: bool = False) -> None:
    invitations.invitation_email_deliver(invitation_id=invitation_id, reminder=reminder)


@task()
def send_reconsent_reminder(staff_id: int) -> None:
    consents.reconsent_reminder_deliver(staff_id=staff_id)
