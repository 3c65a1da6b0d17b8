"""The pairing board (5.3): the engine's proposal for the curator to review, pin, move, group
and confirm. Every action is a plain form post that comes back to the board, so the page works
without JavaScript; a refused action says why and changes nothing."""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from common.formatting import count_ru, gendered
from programme import access
from programme.exceptions import DomainError
from programme.models import MentorProfile
from programme.models.roadmap import MentoringForm

from ..forms.board import AssignForm, ConfirmForm, RunForm, TermsForm
from ..selectors import board as selectors
from ..services import board as services
from ..services import pairings as pairing_services


def _back(programme, anchor: str = ""):
    url = reverse("pairing:board", args=[programme.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _act(request, programme, action: Callable[[], str], *, anchor: str = ""):
    """Run one board action; its text (or the refusal) becomes the message on the board."""
    try:
        text = action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, text)
    return _back(programme, anchor)


@access.manager_required
def board(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    return _board_page(request, programme)


def _board_page(request, programme, *, refused_terms: dict | None = None):
    """The board; a pair's refused form and term come back as the curator typed them."""
    state = selectors.board_state(programme)
    newest = state.newest
    run_form = RunForm(initial={"mode": newest.mode, "preset": newest.preset} if newest else None)
    return render(
        request,
        "pairing/board.html",
        {
            "programme": programme,
            "state": state,
            "run_form": run_form,
            "confirm_form": ConfirmForm(initial={"stamp": services.board_stamp(programme)}),
            "forms": MentoringForm.choices,
            "confirmed": selectors.confirmed_pairings(programme),
            "refused_terms": refused_terms or {},
        },
    )


@require_POST
@access.manager_required
def board_run(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Выберите режим и веса подбора из списков.")
        return _back(programme)

    def run() -> str:
        outcome = services.board_run(
            programme=programme,
            mode=form.cleaned_data["mode"],
            preset=form.cleaned_data["preset"],
            by=request.user,
        )
        matched = len(outcome.run.pairs)
        text = (
            f"Подбор выполнен: {count_ru(matched, 'пара', 'пары', 'пар')}, "
            f"без пары — {len(outcome.run.unmatched)}."
        )
        if outcome.dropped:
            text += " Сняты закрепления (участник больше не может быть в паре): "
            text += ", ".join(outcome.dropped) + "."
        return text

    return _act(request, programme, run)


@require_POST
@access.manager_required
def board_pin(request, pk, membership_id):
    programme = access.get_programme(request.user, pk, write=True)
    pinned = request.POST.get("pinned") == "1"

    def pin() -> str:
        member = services.board_pin(programme=programme, membership_id=membership_id, pinned=pinned)
        name = member.mentee.staff.short_name
        return f"{name}: пара закреплена." if pinned else f"{name}: закрепление снято."

    return _act(request, programme, pin, anchor=f"member-{membership_id}")


@require_POST
@access.manager_required
def board_remove(request, pk, membership_id):
    programme = access.get_programme(request.user, pk, write=True)

    def remove() -> str:
        mentee = services.board_remove(programme=programme, membership_id=membership_id)
        name = mentee.staff.short_name
        return gendered(
            mentee.staff.full_name,
            f"{name} снят с подбора и ждёт пары.",
            f"{name} снята с подбора и ждёт пары.",
            f"{name}: снятие с подбора, ждёт пары.",
        )

    return _act(request, programme, remove, anchor="waiting")


@require_POST
@access.manager_required
def board_assign(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    people = selectors.candidate_mentors(programme)
    form = AssignForm(request.POST, mentors=people)
    if not form.is_valid():
        messages.error(request, "Выберите наставника из списка.")
        return _back(programme)

    def assign() -> str:
        member = services.board_assign(
            programme=programme,
            mentee_id=form.cleaned_data["mentee"],
            mentor_id=form.cleaned_data["mentor"],
        )
        return (
            f"{member.mentee.staff.short_name} — в паре с "
            f"{member.pairing.mentor.staff.short_name} (закреплено)."
        )

    return _act(request, programme, assign, anchor=f"mentor-{request.POST.get('mentor', '')}")


@require_POST
@access.manager_required
def board_group(request, pk, mentor_id):
    programme = access.get_programme(request.user, pk, write=True)

    def group() -> str:
        pairing = services.board_group(programme=programme, mentor_id=mentor_id)
        return f"Наставляемые {pairing.mentor.staff.short_name} объединены в группу."

    return _act(request, programme, group, anchor=f"mentor-{mentor_id}")


@require_POST
@access.manager_required
def board_ungroup(request, pk, pairing_id):
    programme = access.get_programme(request.user, pk, write=True)

    def ungroup() -> str:
        pairings = services.board_ungroup(programme=programme, pairing_id=pairing_id)
        return f"Группа разделена на {count_ru(len(pairings), 'пару', 'пары', 'пар')}."

    return _act(request, programme, ungroup)


@require_POST
@access.manager_required
def board_terms(request, pk, pairing_id):
    programme = access.get_programme(request.user, pk, write=True)
    form = TermsForm(request.POST)
    typed = {
        "pairing_id": pairing_id,
        "form": request.POST.get("form", ""),
        "starts_on": request.POST.get("starts_on", ""),
        "ends_on": request.POST.get("ends_on", ""),
    }
    if not form.is_valid():
        errors = "; ".join(e for field in form.errors.values() for e in field)
        messages.error(request, f"Форма и срок не сохранены: {errors}")
        return _board_page(request, programme, refused_terms=typed)
    try:
        pairing = services.pairing_set_terms(
            programme=programme, pairing_id=pairing_id, **form.cleaned_data
        )
    except DomainError as error:
        messages.error(request, error.message)
        return _board_page(request, programme, refused_terms=typed)
    messages.success(
        request, f"Форма и срок пары наставника {pairing.mentor.staff.short_name} сохранены."
    )
    return _back(programme, f"pairing-{pairing_id}")


@require_POST
@access.manager_required
def board_confirm(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Обновите страницу доски и утвердите пары ещё раз.")
        return _back(programme)

    def confirm() -> str:
        pairings = services.board_confirm(
            programme=programme, stamp=form.cleaned_data["stamp"], by=request.user
        )
        return (
            f"Утверждено: {count_ru(len(pairings), 'пара', 'пары', 'пар')}. Следующий шаг — "
            "приказ о закреплении пар (5.4)."
        )

    return _act(request, programme, confirm, anchor="confirmed")


@require_POST
@access.manager_required
def board_mentor_back(request, pk, mentor_id):
    """Put back on the board a mentor taken off by an early end (another position, dismissal,
    long leave)."""
    programme = access.get_programme(request.user, pk, write=True)
    mentor = get_object_or_404(
        MentorProfile.objects.filter(programme=programme).select_related("staff"), pk=mentor_id
    )

    def put_back() -> str:
        pairing_services.mentor_put_back(mentor=mentor)
        return f"{mentor.staff.short_name} снова предлагается при подборе пар."

    return _act(request, programme, put_back, anchor="not-offered")
