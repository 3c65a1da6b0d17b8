"""The ceremony page (7.1–7.2): invitations, nominations, candidates, awards, certificates."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.formatting import count_ru
from common.renderer import pdf_response
from programme import access
from programme.exceptions import DomainError

from ..documents import ceremony as documents
from ..forms.ceremony import (
    AwardForm,
    CeremonyRecordForm,
    GuestForm,
    NominationForm,
    PairAwardForm,
)
from ..models import Award, Nomination
from ..selectors import ceremony as selectors
from ..services import ceremony as services


def _page_url(programme) -> str:
    return reverse("reports:ceremony", args=[programme.pk])


def _ceremony(request, programme):
    """The programme's ceremony, or None with a message when it has not been created yet."""
    event = selectors.ceremony_event(programme)
    if event is None:
        messages.info(request, "Сначала назначьте торжественное мероприятие.")
    return event


def _render(request, programme, *, status=200, **forms):
    event = selectors.ceremony_event(programme)
    proposed = selectors.proposed_people(programme)
    candidates = selectors.award_candidates(programme, today=timezone.localdate())
    day = timezone.localdate(event.starts_at) if event else None
    award_initial = {"awarded_on": day}
    context = {
        "programme": programme,
        "event": event,
        "proposed": proposed,
        "to_invite": selectors.not_yet_invited(proposed, event),
        "head_missing": selectors.head_missing_from_list(programme, event),
        "head": selectors.signing_head(programme),
        "invitees": list(selectors.invitees(event)) if event else [],
        "guests": list(selectors.guests(event)) if event else [],
        "mail": selectors.mail_counts(event) if event else None,
        "nominations": selectors.nominations_with_awards(programme),
        "candidates": candidates,
        "activities": {a.code: a for a in programme.activities.filter(code__in=["7.1", "7.2"])},
        "guest_form": forms.get("guest_form") or GuestForm(),
        "nomination_form": forms.get("nomination_form") or NominationForm(),
        "award_form": forms.get("award_form")
        or AwardForm(
            programme=programme,
            people=selectors.award_people(programme),
            initial=award_initial,
            prefix="award",
        ),
        "pair_form": forms.get("pair_form")
        or PairAwardForm(programme=programme, initial=award_initial),
        "record_form": forms.get("record_form")
        or CeremonyRecordForm(initial={"minutes": event.minutes if event else ""}),
    }
    return render(request, "reports/ceremony/page.html", context, status=status)


@access.manager_required
def ceremony(request, pk):
    """The curator's ceremony page: whom to invite, the nominations, the candidates."""
    programme = access.get_programme(request.user, pk, write=True)
    return _render(request, programme)


@require_POST
@access.manager_required
def ceremony_invite(request, pk):
    """One click: invite everyone the programme proposes (or the people ticked)."""
    programme = access.get_programme(request.user, pk, write=True)
    event = _ceremony(request, programme)
    if event is None:
        return redirect(_page_url(programme))
    chosen = [int(v) for v in request.POST.getlist("staff") if v.isdigit()]
    if chosen:
        added = services.ceremony_invite(event=event, staff_ids=chosen)
    else:
        added = services.ceremony_invite_proposed(event=event)
    messages.success(
        request,
        f"В список приглашённых добавлено: {count_ru(added, 'человек', 'человека', 'человек')}."
        if added
        else "Все предложенные уже в списке приглашённых.",
    )
    return redirect(_page_url(programme) + "#invitations")


@require_POST
@access.manager_required
def ceremony_guest_add(request, pk):
    """An external guest; a wrong field comes back with its message, what was typed kept."""
    programme = access.get_programme(request.user, pk, write=True)
    event = _ceremony(request, programme)
    if event is None:
        return redirect(_page_url(programme))
    form = GuestForm(request.POST)
    if form.is_valid():
        try:
            guest = services.ceremony_add_guest(event=event, **form.cleaned_data)
        except DomainError as error:
            form.add_error("full_name", error.message)
        else:
            messages.success(request, f"Гость {guest.full_name} добавлен в список приглашённых.")
            return redirect(_page_url(programme) + "#invitations")
    return _render(request, programme, guest_form=form)


@require_POST
@access.manager_required
def ceremony_invitation_remove(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    event = _ceremony(request, programme)
    if event is None:
        return redirect(_page_url(programme))
    item = request.POST.get("pk", "")
    if item.isdigit():
        services.ceremony_remove_invitation(
            event=event, kind=request.POST.get("kind", ""), pk=int(item)
        )
        messages.success(request, "Убран из списка приглашённых.")
    return redirect(_page_url(programme) + "#invitations")


@access.manager_required
def ceremony_invitations_pdf(request, pk):
    """The invitation letters, one page per person, to print and sign."""
    programme = access.get_programme(request.user, pk, write=True)
    event = _ceremony(request, programme)
    if event is None:
        return redirect(_page_url(programme))
    if not event.invitees.exists() and not event.guests.exists():
        messages.info(request, "Список приглашённых пуст: печатать нечего.")
        return redirect(_page_url(programme) + "#invitations")
    return pdf_response(documents.invitations_document(event), request=request)


@require_POST
@access.manager_required
def ceremony_invitations_send(request, pk):
    """Email the invitation to everyone with an address, each person once."""
    programme = access.get_programme(request.user, pk, write=True)
    event = _ceremony(request, programme)
    if event is None:
        return redirect(_page_url(programme))
    queued = services.invitations_send(event=event)
    messages.success(
        request,
        f"Приглашения отправляются: {count_ru(queued, 'письмо', 'письма', 'писем')}."
        if queued
        else "Новых писем нет: всем, у кого есть адрес, приглашение уже отправлено.",
    )
    return redirect(_page_url(programme) + "#invitations")


@require_POST
@access.manager_required
def ceremony_nomination_add(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    form = NominationForm(request.POST)
    if form.is_valid():
        try:
            nomination = services.nomination_create(programme=programme, **form.cleaned_data)
        except DomainError as error:
            form.add_error("title", error.message)
        else:
            messages.success(request, f"Номинация «{nomination.title}» добавлена.")
            return redirect(_page_url(programme) + "#nominations")
    return _render(request, programme, nomination_form=form)


@require_POST
@access.manager_required
def ceremony_nomination_delete(request, pk, nomination_pk):
    programme = access.get_programme(request.user, pk, write=True)
    nomination = get_object_or_404(Nomination.objects.filter(programme=programme), pk=nomination_pk)
    services.nomination_delete(nomination=nomination)
    messages.success(request, f"Номинация «{nomination.title}» удалена вместе с награждениями.")
    return redirect(_page_url(programme) + "#nominations")


@require_POST
@access.manager_required
def ceremony_award_add(request, pk):
    """Award a person chosen by hand."""
    programme = access.get_programme(request.user, pk, write=True)
    form = AwardForm(
        request.POST,
        programme=programme,
        people=selectors.award_people(programme),
        prefix="award",
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            award = services.award_create(
                nomination=data["nomination"],
                staff=data["staff"],
                citation=data["citation"],
                document=data["document"],
                awarded_on=data["awarded_on"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"{award.staff.short_name} — «{award.nomination.title}».")
            return redirect(_page_url(programme) + "#nominations")
    return _render(request, programme, award_form=form)


@require_POST
@access.manager_required
def ceremony_award_pair(request, pk):
    """Award a candidate pair: its mentor, or the mentor and the mentees."""
    programme = access.get_programme(request.user, pk, write=True)
    form = PairAwardForm(request.POST, programme=programme)
    if form.is_valid():
        data = form.cleaned_data
        try:
            awards = services.award_pair(
                nomination=data["nomination"],
                pairing=data["pairing"],
                citation=data["citation"],
                document=data["document"],
                awarded_on=data["awarded_on"],
                mentor_only=data["who"] == PairAwardForm.MENTOR,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            names = ", ".join(a.staff.short_name for a in awards)
            messages.success(request, f"{names} — «{data['nomination'].title}».")
            return redirect(_page_url(programme) + "#nominations")
    return _render(request, programme, pair_form=form)


def _award(request, pk, award_pk) -> Award:
    programme = access.get_programme(request.user, pk, write=True)
    try:
        return selectors.programme_award(programme, award_pk)
    except Award.DoesNotExist:
        raise Http404 from None


@require_POST
@access.manager_required
def ceremony_award_delete(request, pk, award_pk):
    award = _award(request, pk, award_pk)
    services.award_delete(award=award)
    messages.success(request, f"Награждение {award.staff.short_name} удалено.")
    return redirect(reverse("reports:ceremony", args=[pk]) + "#nominations")


@access.manager_required
def ceremony_certificates_pdf(request, pk):
    """Every certificate and letter of thanks, one page each, to print at once."""
    programme = access.get_programme(request.user, pk, write=True)
    awards = list(selectors.awards_of(programme))
    if not awards:
        messages.info(request, "Награждений пока нет: печатать нечего.")
        return redirect(_page_url(programme) + "#nominations")
    return pdf_response(documents.certificates_document(programme, awards), request=request)


@access.manager_required
def ceremony_certificate_pdf(request, pk, award_pk):
    """One award's certificate or letter of thanks."""
    award = _award(request, pk, award_pk)
    return pdf_response(documents.certificate_document(award), request=request)


@require_POST
@access.manager_required
def ceremony_record(request, pk):
    """The ceremony held: minutes recorded, 7.1 and 7.2 closed with their evidence."""
    programme = access.get_programme(request.user, pk, write=True)
    event = _ceremony(request, programme)
    if event is None:
        return redirect(_page_url(programme))
    form = CeremonyRecordForm(request.POST)
    if form.is_valid():
        try:
            services.ceremony_record(
                event=event,
                minutes=form.cleaned_data["minutes"],
                event_url=reverse(
                    "programme:event_detail", kwargs={"pk": programme.pk, "event_pk": event.pk}
                ),
                certificates_url=reverse("reports:ceremony_certificates_pdf", args=[programme.pk]),
            )
        except DomainError as error:
            form.add_error("minutes", error.message)
        else:
            messages.success(
                request, "Итоги церемонии записаны: мероприятия 7.1 и 7.2 отмечены выполненными."
            )
            return redirect(_page_url(programme) + "#record")
    return _render(request, programme, record_form=form)
