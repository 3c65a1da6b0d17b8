"""Background work of pairing: thin wrappers that take ids and call services."""

from django_tasks import task

from .services import meetings, notices, pairings, sharing, signin


@task()
def send_pairing_notice(notice_id: int) -> None:
    notices.notice_email_deliver(notice_id=notice_id)


@task()
def send_signin_links(email: str) -> None:
    signin.signin_links_request(email=email)


@task()
def send_signin_link(link_id: int) -> None:
    signin.signin_email_deliver(link_id=link_id)


@task()
def send_meeting_reminder(meeting_id: int) -> None:
    meetings.meeting_reminder_deliver(meeting_id=meeting_id)


@task()
def send_early_end_notice(pairing_id: int) -> None:
    pairings.early_end_notice_deliver(pairing_id=pairing_id)


@task()
def send_loan_request(loan_id: int) -> None:
    sharing.loan_request_deliver(loan_id=loan_id)
