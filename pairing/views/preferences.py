"""Preferences after the group meeting (5.2): sending the questionnaire to the meeting's
attendees, and the curator's read-only page of what each participant said."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.formatting import count_ru
from programme import access
from programme.exceptions import DomainError
from programme.models import Event

from ..selectors import preferences as selectors
from ..services import preferences as services


@require_POST
@access.manager_required
def preferences_send(request, pk, event_pk):
    programme = access.get_programme(request.user, pk, write=True)
    event = get_object_or_404(Event.objects.filter(programme=programme), pk=event_pk)
    try:
        created, skipped = services.preferences_send(event=event, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("programme:event_detail", pk=programme.pk, event_pk=event.pk)
    if created:
        text = (
            "Анкета предпочтений отправлена "
            f"{count_ru(len(created), 'участнику', 'участникам', 'участникам')} встречи."
        )
    else:
        text = "Новых приглашений нет."
    if skipped:
        who = count_ru(skipped, "участника", "участников", "участников")
        text += f" У {who} уже есть действующая ссылка — повторно не отправлено."
    no_email = [i.staff.short_name for i in created if not i.staff.email]
    if no_email:
        text += " Без электронной почты (распечатайте листы-приглашения): " + ", ".join(no_email)
    messages.success(request, text)
    questionnaire = selectors.preference_questionnaire(programme)
    return redirect("surveys:invitation_list", pk=programme.pk, qid=questionnaire.pk)


@access.manager_required
def preferences(request, pk):
    """Names and rankings are personal data: only the organisation's curator and head."""
    programme = access.get_programme(request.user, pk)
    return render(
        request,
        "pairing/preferences.html",
        {
            "programme": programme,
            "overview": selectors.preferences_overview(programme),
            "answering": selectors.preference_answering(programme),
            "questionnaire": selectors.preference_questionnaire(programme),
        },
    )
