"""Pages of the pair's meetings: planning one (a warning when out of sequence), its page, how
it went with notes, result and files, the .ics download; and each person's calendar feed —
the page where she gets or revokes its secret address, and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.downloads import file_response, name_download
from programme.exceptions import DomainError
from programme.uploads import download_name

from ..forms.meetings import MeetingForm, MeetingOutcomeForm
from ..models import MeetingAttachment, MeetingKind, PairingStatus
from ..selectors import meetings as selectors
from ..selectors.feedback import satisfaction_sent
from ..services import meetings as services
from .base import meeting_or_404, pair_or_404


def _may_plan(found) -> None:
    if not found.may_plan_meetings:
        raise PermissionDenied


def _form_page(request, found, form, meeting=None):
    return render(
        request,
        "pairing/meetings/form.html",
        {"access": found, "pairing": found.pairing, "form": form, "meeting": meeting},
    )


def _saved(request, meeting, warning, text):
    messages.success(request, text)
    if warning:
        messages.warning(request, warning)
    return redirect("pairing:meeting", pk=meeting.pk)


@login_required
def meeting_create(request, pk):
    found = pair_or_404(request, pk)
    _may_plan(found)
    meetings = selectors.pair_meetings(found.pairing)
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in MeetingKind.values else selectors.suggested_kind(meetings)}
    form = MeetingForm(
        request.POST or None, initial=initial, end_scheduled=found.pairing.end_scheduled
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting, warning = services.meeting_create(
                pairing=found.pairing, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _saved(request, meeting, warning, "Встреча запланирована.")
    return _form_page(request, found, form)


@login_required
def meeting(request, pk):
    found, meeting = meeting_or_404(request, pk)
    return render(
        request,
        "pairing/meetings/meeting.html",
        {"access": found, "pairing": found.pairing, "meeting": meeting},
    )


@login_required
def meeting_edit(request, pk):
    found, meeting = meeting_or_404(request, pk)
    _may_plan(found)
    initial = {
        name: getattr(meeting, name)
        for name in ("kind", "starts_at", "duration", "topic", "place", "online_url")
    }
    form = MeetingForm(
        request.POST or None, initial=initial, end_scheduled=found.pairing.end_scheduled
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting, warning = services.meeting_update(meeting=meeting, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return _saved(request, meeting, warning, "Встреча изменена.")
    return _form_page(request, found, form, meeting)


@require_POST
@login_required
def meeting_delete(request, pk):
    found, meeting = meeting_or_404(request, pk)
    _may_plan(found)
    try:
        services.meeting_delete(meeting=meeting)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("pairing:meeting", pk=meeting.pk)
    messages.success(request, "Запланированная встреча удалена.")
    return redirect("pairing:pair", pk=found.pairing.pk)


@login_required
def meeting_outcome(request, pk):
    """Held or not, notes, result, files. The final meeting held closes the pairing."""
    found, meeting = meeting_or_404(request, pk)
    _may_plan(found)
    initial = {"notes": meeting.notes, "result": meeting.result}
    if not meeting.is_planned:
        initial["held"] = "1" if meeting.status == "held" else "0"
    form = MeetingOutcomeForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_record(
                meeting=meeting,
                held=data["held"],
                notes=data["notes"],
                result=data["result"],
                uploads=data["files"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            found.pairing.refresh_from_db()
            if (
                found.pairing.status == PairingStatus.COMPLETED
                and meeting.kind == MeetingKind.FINAL
            ):
                # Said from what was really sent, not assumed: the questionnaire may be
                # switched off, a participant may have no email or no consent.
                sent = satisfaction_sent(found.pairing)
                messages.success(
                    request,
                    "Заключительная встреча отмечена: наставничество в паре завершено. "
                    f"{sent.message} Наставник записывает итог наставничества на странице "
                    "пары.",
                )
            else:
                messages.success(request, "Итоги встречи сохранены.")
            return redirect("pairing:meeting", pk=meeting.pk)
    return render(
        request,
        "pairing/meetings/outcome.html",
        {"access": found, "pairing": found.pairing, "meeting": meeting, "form": form},
    )


def _attachment(meeting, attachment_pk) -> MeetingAttachment:
    return get_object_or_404(MeetingAttachment.objects.filter(meeting=meeting), pk=attachment_pk)


@login_required
def meeting_attachment(request, pk, attachment_pk):
    """A meeting's file, only to the pair and its curator, under its uploaded name."""
    _found, meeting = meeting_or_404(request, pk)
    attachment = _attachment(meeting, attachment_pk)
    filename = download_name(attachment.file, attachment.name)
    return file_response(attachment.file, filename)


@require_POST
@login_required
def meeting_attachment_delete(request, pk, attachment_pk):
    found, meeting = meeting_or_404(request, pk)
    _may_plan(found)
    services.meeting_attachment_delete(attachment=_attachment(meeting, attachment_pk))
    messages.success(request, "Файл удалён.")
    return redirect("pairing:meeting", pk=meeting.pk)


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    return name_download(response, filename)


@login_required
def meeting_ics(request, pk):
    _found, meeting = meeting_or_404(request, pk)
    if not selectors.meeting_in_calendar(meeting):
        raise Http404  # a planned meeting of a pair that has ended is nobody's any more
    return _ics(
        services.meetings_ics([meeting], name="Встреча наставничества"),
        f"Встреча {meeting.starts_at:%d.%m.%Y}.ics",
    )


# --- The personal calendar feed --------------------------------------------------------------


def _staff_or_404(request):
    staff = getattr(request.user, "staff_member", None)
    if staff is None:
        raise Http404
    return staff


@login_required
def my_calendar(request):
    """Her secret calendar address: made, shown again, replaced or revoked."""
    staff = _staff_or_404(request)
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(staff=staff)
            messages.success(
                request, "Адрес календаря отключён: календари больше не получат встречи."
            )
        else:
            try:
                services.calendar_feed_create(staff=staff)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, "Адрес календаря готов. Старый адрес, если был, отключён."
                )
        return redirect("pairing:my_calendar")
    feed = staff.calendar_feeds.filter(revoked_at__isnull=True).first()
    return render(
        request,
        "pairing/meetings/my_calendar.html",
        {
            "feed": feed,
            "feed_url": services.feed_url(feed) if feed else "",
            "meetings": list(selectors.person_meetings(staff)),
        },
    )


def calendar_feed(request, token):
    """The feed phone calendars subscribe to: no login, the secret address is the key; a
    revoked or unknown one answers 404."""
    feed = services.find_feed(token)
    if feed is None:
        raise Http404
    meetings = selectors.person_meetings(feed.staff)
    return _ics(
        services.meetings_ics(meetings, name="Наставничество: встречи"), "nastavnichestvo.ics"
    )
