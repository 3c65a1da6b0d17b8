"""The curator's feedback pages: the collection dates (6.5) with each pair's answers over time
and the pairs in trouble; the satisfaction questionnaire (6.8) sent to all participants and
its summary for mentors and mentees apart."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.formatting import count_ru
from programme import access
from programme.exceptions import DomainError

from ..forms.feedback import FeedbackScheduleForm
from ..models import FeedbackRound
from ..selectors import feedback as selectors
from ..selectors.overview import overview_rows
from ..services import feedback as services


def _schedule_initial(schedule) -> dict:
    rounds = FeedbackRound.objects.filter(programme=schedule.programme).order_by("on")
    listed = [] if schedule.every_weeks else [f"{r.on:%d.%m.%Y}" for r in rounds]
    return {
        "dates": "\n".join(listed),
        "every_weeks": schedule.every_weeks,
        "starts_on": schedule.starts_on,
        "ends_on": schedule.ends_on,
        "answer_days": schedule.answer_days,
        "low_score": schedule.low_score,
        "quiet_weeks": schedule.quiet_weeks,
    }


@access.manager_required
def feedback(request, pk):
    """Schedule, rounds (asked / answered) and per pair the answers over time with alerts."""
    programme = access.get_programme(request.user, pk, write=True)
    schedule = selectors.schedule_of(programme)
    form = FeedbackScheduleForm(request.POST or None, initial=_schedule_initial(schedule))
    if request.method == "POST" and form.is_valid():
        try:
            _schedule, added, removed = services.feedback_schedule_save(
                programme=programme, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            text = "График сбора обратной связи сохранён"
            if added:
                text += f": добавлено {count_ru(added, 'дата', 'даты', 'дат')}"
            if removed:
                text += f", убрано {count_ru(removed, 'дата', 'даты', 'дат')}"
            messages.success(request, text + ".")
            return redirect("pairing:feedback", pk=programme.pk)
    today = timezone.localdate()
    rows = [r for r in overview_rows(programme, today=today) if r.feedback or r.alerts]
    rounds = selectors.programme_rounds(programme)
    return render(
        request,
        "pairing/feedback/feedback.html",
        {
            "programme": programme,
            "form": form,
            "rounds": rounds,
            "due": [r for r in rounds if r.sent_at is None and r.on <= today],
            "rows": rows,
            "today": today,
        },
    )


@require_POST
@access.manager_required
def feedback_round_delete(request, pk, round_pk):
    programme = access.get_programme(request.user, pk, write=True)
    round = get_object_or_404(FeedbackRound.objects.filter(programme=programme), pk=round_pk)
    try:
        services.feedback_round_delete(round=round)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Сбор {round.on:%d.%m.%Y} убран из графика.")
    return redirect("pairing:feedback", pk=programme.pk)


@require_POST
@access.manager_required
def feedback_send_due(request, pk):
    """What the daily command does, now, for this programme (if the worker is not set up)."""
    programme = access.get_programme(request.user, pk, write=True)
    sent = services.feedback_send_due(programme=programme, by=request.user)
    if not sent:
        messages.info(request, "Сборов, дата которых наступила, нет: рассылать нечего.")
    for round, asked in sent:
        messages.success(
            request,
            f"Сбор {round.on:%d.%m.%Y} разослан: "
            f"{count_ru(asked, 'участник', 'участника', 'участников')}.",
        )
    return redirect("pairing:feedback", pk=programme.pk)


@access.reader_required
def satisfaction(request, pk):
    """The anonymous summary (from 3 responses per group): the regional coordinator reads it
    too; only the curator and head send the questionnaire."""
    programme = access.get_programme(request.user, pk)
    return render(
        request,
        "pairing/feedback/satisfaction.html",
        {
            "programme": programme,
            "groups": selectors.satisfaction_summary(programme),
            "can_manage": access.can_manage(request.user),
        },
    )


@require_POST
@access.manager_required
def satisfaction_send(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    try:
        invited = services.satisfaction_send(programme=programme, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if invited:
            messages.success(
                request,
                "Анкета удовлетворённости отправлена "
                f"{count_ru(invited, 'участнику', 'участникам', 'участникам')}.",
            )
        else:
            messages.info(request, "Все участники уже получили анкету удовлетворённости.")
    return redirect("pairing:satisfaction", pk=programme.pk)
