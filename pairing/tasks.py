"""Background work of pairing: thin wrappers that take ids and call services."""

from django_tasks import task

from .services import notices


@task()
def send_pairing_notice(notice_id: int) -> None:
    notices.notice_email_deliver(notice_id=notice_id)
