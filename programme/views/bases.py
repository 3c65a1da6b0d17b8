"""Pages of the competency catalogue, the mentee base (2.3), the mentor base (3.4) and their
comparison. Views load, check access, call one service, render."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.charts import Series, bar_chart_svg
from common.formatting import gendered

from .. import access
from ..exceptions import DomainError
from ..forms.bases import (
    CompetencyForm,
    MenteeAddForm,
    MenteeBulkForm,
    MenteeFilterForm,
    MenteeForm,
    MenteeStatusForm,
    MentorAddForm,
    MentorFilterForm,
    MentorForm,
    MentorStatusForm,
    mentee_request_formset,
    mentor_competency_formset,
)
from ..models import Competency, MenteeProfile, MentorProfile
from ..models.bases import MenteeStatus
from ..selectors import bases as selectors
from ..services import bases as services
from .base import save_form

PAGE_SIZE = 100


def _page(request, rows):
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# --- Competencies --------------------------------------------------------------------------


def _competency(request, competency_pk) -> Competency:
    organisation = access.user_organisation(request.user)
    return get_object_or_404(Competency.objects.filter(organisation=organisation), pk=competency_pk)


@access.manager_required
def competency_list(request):
    organisation = access.user_organisation(request.user)
    return render(
        request,
        "programme/bases/competency_list.html",
        {"organisation": organisation, "competencies": selectors.competencies_of(organisation)},
    )


def _competency_form_page(request, competency=None):
    organisation = access.user_organisation(request.user)
    form = CompetencyForm.for_competency(request.POST or None, competency)
    if save_form(
        request,
        form,
        lambda data: services.competency_save(
            organisation=organisation, competency=competency, **data
        ),
        success=lambda saved: f"Компетенция «{saved.name}» сохранена.",
    ):
        return redirect("programme:competency_list")
    return render(
        request, "programme/bases/competency_form.html", {"form": form, "competency": competency}
    )


@access.manager_required
def competency_create(request):
    return _competency_form_page(request)


@access.manager_required
def competency_edit(request, competency_pk):
    return _competency_form_page(request, _competency(request, competency_pk))


@require_POST
@access.manager_required
def competency_toggle(request, competency_pk):
    competency = _competency(request, competency_pk)
    services.competency_set_active(competency=competency, is_active=not competency.is_active)
    state = "снова используется" if competency.is_active else "больше не предлагается в списках"
    messages.success(request, f"Компетенция «{competency.name}» {state}.")
    return redirect("programme:competency_list")


@require_POST
@access.manager_required
def competency_load_defaults(request):
    added = services.competencies_load_defaults(organisation=access.user_organisation(request.user))
    if added:
        messages.success(request, f"Добавлено компетенций из стандартного списка: {added}.")
    else:
        messages.info(request, "Все компетенции стандартного списка уже есть в каталоге.")
    return redirect("programme:competency_list")


# --- The mentee's and the mentor's cards: one page shape, what differs in a _Card ----------


@dataclass(frozen=True)
class _Card:
    template: str
    form: type
    formset: Callable  # (data, profile) → the inline rows (requests or competencies)
    formset_name: str
    status_form: type
    update: Callable  # (profile, cleaned data, formset) → None, through the bases service
    set_status: Callable  # (profile, cleaned data) → None
    saved: str  # the message, with {name}
    url_name: str


MENTEE_CARD = _Card(
    template="programme/bases/mentee_form.html",
    form=MenteeForm,
    formset=mentee_request_formset,
    formset_name="requests",
    status_form=MenteeStatusForm,
    update=lambda profile, data, rows: services.mentee_update(
        profile=profile, **data, requests=rows.rows()
    ),
    set_status=lambda profile, data: services.mentee_set_status(
        profile, data["status"], on=data["on"], reason=data["reason"]
    ),
    saved="Карточка наставляемого {name} сохранена.",
    url_name="programme:mentee_edit",
)
MENTOR_CARD = _Card(
    template="programme/bases/mentor_form.html",
    form=MentorForm,
    formset=mentor_competency_formset,
    formset_name="competencies",
    status_form=MentorStatusForm,
    update=lambda profile, data, rows: services.mentor_update(
        profile=profile,
        **data,
        competencies=[(row["competency"], row["level"]) for row in rows.rows()],
    ),
    set_status=lambda profile, data: services.mentor_set_status(profile, data["status"]),
    saved="Карточка наставника {name} сохранена.",
    url_name="programme:mentor_edit",
)


def _card_page(request, programme, profile, card: _Card, *, form=None, rows=None, status=None):
    return render(
        request,
        card.template,
        {
            "programme": programme,
            "profile": profile,
            "form": form or card.form(profile=profile),
            card.formset_name: rows or card.formset(None, profile),
            "status_form": status or card.status_form(initial={"status": profile.status}),
        },
    )


def _card_edit(request, programme, profile, card: _Card):
    if request.method != "POST":
        return _card_page(request, programme, profile, card)
    form = card.form(request.POST, profile=profile)
    rows = card.formset(request.POST, profile)
    rows_valid = rows.is_valid()
    form.is_valid()  # the errors of both are shown at once
    if rows_valid and save_form(
        request,
        form,
        lambda data: card.update(profile, data, rows),
        success=card.saved.format(name=profile.staff.short_name),
    ):
        return redirect(card.url_name, programme.pk, profile.pk)
    profile.refresh_from_db()  # a refused save may have changed it in memory only
    return _card_page(request, programme, profile, card, form=form, rows=rows)


def _card_status(request, programme, profile, card: _Card):
    form = card.status_form(request.POST)
    if save_form(
        request,
        form,
        lambda data: card.set_status(profile, data),
        success=lambda _: f"Статус: {profile.get_status_display()}.",
    ):
        return redirect(card.url_name, programme.pk, profile.pk)
    profile.refresh_from_db()
    return _card_page(request, programme, profile, card, status=form)


# --- Mentee base ---------------------------------------------------------------------------


def _mentee(programme, mentee_pk) -> MenteeProfile:
    return get_object_or_404(
        MenteeProfile.objects.filter(programme=programme).select_related("staff", "programme"),
        pk=mentee_pk,
    )


@access.named_data_required
def mentee_list(request, pk):
    programme = access.get_programme(request.user, pk)
    filters = MenteeFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    mentees = selectors.mentee_search(
        programme,
        query=data.get("q", ""),
        status=data.get("status", ""),
        category=data.get("category", ""),
    )
    page, query = _page(request, mentees)
    return render(
        request,
        "programme/bases/mentee_list.html",
        {
            "programme": programme,
            "page": page,
            "query": query,
            "filters": filters,
            "bulk_form": MenteeBulkForm(),
            "can_manage": access.can_manage(request.user),
        },
    )


@require_POST
@access.manager_required
def mentee_bulk(request, pk):
    """Include or drop the ticked mentees: all of them, or — on any refusal — none."""
    programme = access.get_programme(request.user, pk, write=True)
    form = MenteeBulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("programme:mentee_list", pk=programme.pk)
    data = form.cleaned_data
    include = data["action"] == MenteeBulkForm.INCLUDE
    try:
        count = services.mentees_set_status_bulk(
            programme=programme,
            mentee_ids=data["mentee"],
            status=MenteeStatus.INCLUDED if include else MenteeStatus.DROPPED,
            on=data.get("on"),
            reason=data.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, f"Ничего не изменено. {error.message}")
    else:
        done = "включено в базу" if include else "отмечено выбывшими"
        messages.success(request, f"Наставляемых {done}: {count}.")
    return redirect("programme:mentee_list", pk=programme.pk)


def _person_add(request, pk, *, base: str, add, form_class, then: str):
    """Adding a teacher of the organisation to the mentee or the mentor base."""
    programme = access.get_programme(request.user, pk, write=True)
    form = form_class(
        request.POST or None, staff_queryset=selectors.staff_to_add(programme, base=base)
    )
    what = "наставляемых" if base == "mentee" else "наставников"
    if saved := save_form(
        request,
        form,
        lambda data: add(programme, data),
        success=lambda profile: gendered(
            profile.staff.full_name,
            f"{profile.staff.short_name} добавлен в базу {what}.",
            f"{profile.staff.short_name} добавлена в базу {what}.",
            f"В базу {what} добавлен педагог {profile.staff.short_name}.",
        ),
        error_field="staff",
    ):
        return redirect(then, programme.pk, saved.result.pk)
    return render(
        request,
        "programme/bases/person_add.html",
        {"programme": programme, "form": form, "base": base},
    )


@access.manager_required
def mentee_add(request, pk):
    return _person_add(
        request,
        pk,
        base="mentee",
        form_class=MenteeAddForm,
        add=lambda programme, data: services.mentee_add(
            programme=programme, staff=data["staff"], category=data["category"] or None
        ),
        then="programme:mentee_edit",
    )


@access.manager_required
def mentee_edit(request, pk, mentee_pk):
    programme = access.get_programme(request.user, pk, write=True)
    return _card_edit(request, programme, _mentee(programme, mentee_pk), MENTEE_CARD)


@require_POST
@access.manager_required
def mentee_status(request, pk, mentee_pk):
    programme = access.get_programme(request.user, pk, write=True)
    return _card_status(request, programme, _mentee(programme, mentee_pk), MENTEE_CARD)


@access.named_data_required
def mentee_analysis(request, pk):
    programme = access.get_programme(request.user, pk)
    frequency = selectors.request_frequency(programme)
    chart = (
        bar_chart_svg(
            [row.name for row in frequency],
            [
                Series("высокий приоритет", [row.high for row in frequency]),
                Series("все запросы", [row.total for row in frequency]),
            ],
            title="Запросы наставляемых по частоте",
            value_format="{:.0f}",
            width=760,
            label_width=330,
        )
        if frequency
        else ""
    )
    mentees = list(selectors.mentees_with_survey_state(programme))
    return render(
        request,
        "programme/bases/mentee_analysis.html",
        {
            "programme": programme,
            "frequency": frequency,
            "chart": chart,
            "mentees": mentees,
            "no_consent": [m for m in mentees if not m.has_consent],
            "no_intake": [m for m in mentees if not m.has_intake],
        },
    )


# --- Mentor base ---------------------------------------------------------------------------


def _mentor(programme, mentor_pk) -> MentorProfile:
    return get_object_or_404(
        MentorProfile.objects.filter(programme=programme).select_related("staff", "programme"),
        pk=mentor_pk,
    )


@access.named_data_required
def mentor_list(request, pk):
    programme = access.get_programme(request.user, pk)
    filters = MentorFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    mentors = selectors.mentor_search(
        programme, query=data.get("q", ""), status=data.get("status", "")
    )
    page, query = _page(request, mentors)
    return render(
        request,
        "programme/bases/mentor_list.html",
        {
            "programme": programme,
            "page": page,
            "query": query,
            "filters": filters,
            "can_manage": access.can_manage(request.user),
        },
    )


@access.manager_required
def mentor_add(request, pk):
    return _person_add(
        request,
        pk,
        base="mentor",
        form_class=MentorAddForm,
        add=lambda programme, data: services.mentor_add(programme=programme, staff=data["staff"]),
        then="programme:mentor_edit",
    )


@access.manager_required
def mentor_edit(request, pk, mentor_pk):
    programme = access.get_programme(request.user, pk, write=True)
    return _card_edit(request, programme, _mentor(programme, mentor_pk), MENTOR_CARD)


@require_POST
@access.manager_required
def mentor_status(request, pk, mentor_pk):
    programme = access.get_programme(request.user, pk, write=True)
    return _card_status(request, programme, _mentor(programme, mentor_pk), MENTOR_CARD)


# --- Comparison ----------------------------------------------------------------------------


@access.named_data_required
def comparison(request, pk):
    programme = access.get_programme(request.user, pk)
    return render(
        request,
        "programme/bases/comparison.html",
        {"programme": programme, "comparison": selectors.comparison(programme)},
    )


# --- Former mentees proposed as mentor candidates (7.8) ------------------------------------


@access.named_data_required
def mentor_candidates(request, pk):
    """Last year's mentees who finished with the goal achieved and have the experience the
    local rule asks for: proposed as mentor candidates, each with the reason."""
    programme = access.get_programme(request.user, pk)
    return render(
        request,
        "programme/bases/mentor_candidates.html",
        {
            "programme": programme,
            "candidates": selectors.mentor_candidates_from_mentees(programme=programme),
            "min_experience": selectors.MENTOR_CANDIDATE_MIN_EXPERIENCE,
            "can_manage": access.can_manage(request.user),
        },
    )


@require_POST
@access.manager_required
def mentor_candidate_add(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    staff = get_object_or_404(
        access.staff_for(request.user), pk=request.POST.get("staff", "0") or 0
    )
    try:
        profile = services.mentor_candidate_add(programme=programme, staff=staff)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{profile.staff.short_name} — кандидат в наставники.")
    return redirect("programme:mentor_candidates", programme.pk)
