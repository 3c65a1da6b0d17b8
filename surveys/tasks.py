"""Background work of the questionnaires: thin wrappers that take ids and call services."""

from django_tasks import task

from .models import Invitation
from .services.invitations import invitation_link, record_sent
from .services.notifications import make_message


@task()
def send_invitation_email(invitation_id: int, reminder: bool = False) -> None:
    invitation = Invitation.objects.select_related(
        "staff", "questionnaire__programme__organisation", "questionnaire__programme__curator"
    ).get(pk=invitation_id)
    if invitation.revoked_at or not invitation.staff.email:
        return
    programme = invitation.questionnaire.programme
    context = {
        "invitation": invitation,
        "staff": invitation.staff,
        "questionnaire": invitation.questionnaire,
        "organisation": programme.organisation,
        "curator": programme.curator,
        "link": invitation_link(invitation),
        "reminder": reminder,
    }
    make_message("surveys/emails/invitation", context, [invitation.staff.email]).send()
    record_sent(invitation_id=invitation.pk, reminder=reminder)
