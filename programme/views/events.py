from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.downloads import file_response

from .. import access, services
from ..exceptions import DomainError
from ..forms.events import AttachmentForm, EventFilterForm, EventForm, GuestFormSet, MinutesForm
from ..models import Event, EventAttachment
from ..models.events import EventKind
from ..selectors.bases import group_meeting_candidates
from ..selectors.events import event_search, events_with_counts
from ..uploads import download_name


def _event(programme, event_pk) -> Event:
    return get_object_or_404(Event.objects.filter(programme=programme), pk=event_pk)


@access.reader_required
def event_list(request, pk):
    programme = access.get_programme(request.user, pk)
    filters = EventFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    events = event_search(
        events_with_counts(programme), query=data.get("q", ""), kind=data.get("kind", "")
    )
    return render(
        request,
        "programme/event_list.html",
        {
            "programme": programme,
            "events": events,
            "filters": filters,
            "can_manage": access.can_manage(request.user),
        },
    )


def _event_form_page(request, programme, event=None):
    initial = {}
    proposed = None
    if event is None and request.GET.get("kind") in EventKind.values:
        kind = request.GET["kind"]
        initial = {"kind": kind, "title": EventKind(kind).label.split(" (")[0]}
        if kind == EventKind.GROUP_MEETING and request.method == "GET":
            # 5.1: the bases propose whom to invite; the curator may uncheck or add.
            proposed = list(group_meeting_candidates(programme).values_list("pk", flat=True))
            initial["invitees"] = proposed
    form = EventForm(
        request.POST or None,
        instance=event,
        organisation=programme.organisation,
        programme=programme,
        initial=initial,
    )
    guest_initial = (
        [
            {
                "full_name": g.full_name,
                "organisation_name": g.organisation_name,
                "position": g.position,
                "email": g.email,
            }
            for g in event.guests.all()
        ]
        if event
        else []
    )
    guests = GuestFormSet(request.POST or None, initial=guest_initial, prefix="guests")
    if request.method == "POST" and form.is_valid() and guests.is_valid():
        data = dict(form.cleaned_data)
        data["guests"] = [g for g in guests.cleaned_data if g.get("full_name")]
        try:
            if event is None:
                event = services.event_create(programme=programme, **data)
                messages.success(request, "Событие создано.")
            else:
                services.event_update(event=event, **data)
                messages.success(request, "Событие сохранено.")
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("programme:event_detail", pk=programme.pk, event_pk=event.pk)
    return render(
        request,
        "programme/event_form.html",
        {
            "programme": programme,
            "event": event,
            "form": form,
            "guests": guests,
            "proposed": proposed,
        },
    )


@access.manager_required
def event_create(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    return _event_form_page(request, programme)


@access.manager_required
def event_edit(request, pk, event_pk):
    programme = access.get_programme(request.user, pk, write=True)
    return _event_form_page(request, programme, _event(programme, event_pk))


@access.named_data_required
def event_detail(request, pk, event_pk):
    programme = access.get_programme(request.user, pk)
    return _detail_page(request, programme, _event(programme, event_pk))


def _detail_page(request, programme, event, *, minutes_form=None, attachment_form=None):
    """The event's page; a refused minutes text or file comes back with its message beside
    the field (status 200, what was typed kept)."""
    minutes_form = minutes_form or MinutesForm(initial={"minutes": event.minutes})
    attachment_form = attachment_form or AttachmentForm()
    return render(
        request,
        "programme/event_detail.html",
        {
            "programme": programme,
            "event": event,
            "invitees": event.invitees.select_related("staff").order_by(
                "staff__last_name", "staff__first_name"
            ),
            "guests": event.guests.all(),
            "attachments": event.attachments.all(),
            "minutes_form": minutes_form,
            "attachment_form": attachment_form,
            "can_manage": access.can_manage(request.user),
        },
    )


@require_POST
@access.manager_required
def event_attendance(request, pk, event_pk):
    programme = access.get_programme(request.user, pk, write=True)
    event = _event(programme, event_pk)
    services.event_mark_attendance(
        event=event,
        attended_staff_ids=[int(v) for v in request.POST.getlist("staff") if v.isdigit()],
        attended_guest_ids=[int(v) for v in request.POST.getlist("guest") if v.isdigit()],
    )
    messages.success(request, "Отметки о присутствии сохранены.")
    return redirect("programme:event_detail", pk=programme.pk, event_pk=event.pk)


@require_POST
@access.manager_required
def event_minutes(request, pk, event_pk):
    programme = access.get_programme(request.user, pk, write=True)
    event = _event(programme, event_pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.event_record_minutes(
                event=event,
                minutes=form.cleaned_data["minutes"],
                evidence_url=reverse(
                    "programme:event_detail", kwargs={"pk": programme.pk, "event_pk": event.pk}
                ),
            )
        except DomainError as error:
            form.add_error("minutes", error.message)
        else:
            done = (
                f" Мероприятие {event.activity.code} отмечено выполненным."
                if event.activity
                else ""
            )
            messages.success(request, "Протокол сохранён." + done)
            return redirect("programme:event_detail", pk=programme.pk, event_pk=event.pk)
    return _detail_page(request, programme, event, minutes_form=form)


@require_POST
@access.manager_required
def event_attachment_add(request, pk, event_pk):
    programme = access.get_programme(request.user, pk, write=True)
    event = _event(programme, event_pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.event_add_attachment(
                event=event, upload=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, "Файл прикреплён.")
            return redirect("programme:event_detail", pk=programme.pk, event_pk=event.pk)
    return _detail_page(request, programme, event, attachment_form=form)


def _attachment(request, pk, event_pk, attachment_pk, *, write=False) -> EventAttachment:
    programme = access.get_programme(request.user, pk, write=write)
    return get_object_or_404(
        EventAttachment.objects.filter(event__programme=programme, event_id=event_pk),
        pk=attachment_pk,
    )


@access.named_data_required
def event_attachment_download(request, pk, event_pk, attachment_pk):
    """Files are served only to those who may see the event, never from a public folder;
    under the name they were uploaded with (the stored name is random)."""
    attachment = _attachment(request, pk, event_pk, attachment_pk)
    filename = download_name(attachment.file, attachment.original_name)
    return file_response(attachment.file, filename)


@require_POST
@access.manager_required
def event_attachment_delete(request, pk, event_pk, attachment_pk):
    attachment = _attachment(request, pk, event_pk, attachment_pk, write=True)
    services.event_delete_attachment(attachment=attachment)
    messages.success(request, "Файл удалён.")
    return redirect("programme:event_detail", pk=pk, event_pk=event_pk)
