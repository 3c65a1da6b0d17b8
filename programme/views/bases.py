"""Pages of the competency catalogue, the mentee base (2.3), the mentor base (3.4) and their
comparison. Views load, check access, call one service, render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reports.charts import Series, bar_chart_svg

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
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.competency_save(
                organisation=organisation, competency=competency, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Компетенция «{saved.name}» сохранена.")
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


# --- Mentee base ---------------------------------------------------------------------------


def _mentee(programme, mentee_pk) -> MenteeProfile:
    return get_object_or_404(
        MenteeProfile.objects.filter(programme=programme).select_related("staff", "programme"),
        pk=mentee_pk,
    )


@access.reader_required
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


@access.manager_required
def mentee_add(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    form = MenteeAddForm(
        request.POST or None, staff_queryset=selectors.staff_to_add(programme, base="mentee")
    )
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.mentee_add(
                programme=programme,
                staff=form.cleaned_data["staff"],
                category=form.cleaned_data["category"] or None,
            )
        except DomainError as error:
            form.add_error("staff", error.message)
        else:
            messages.success(
                request, f"{profile.staff.short_name} добавлен(а) в базу наставляемых."
            )
            return redirect("programme:mentee_edit", pk=programme.pk, mentee_pk=profile.pk)
    return render(
        request,
        "programme/bases/person_add.html",
        {"programme": programme, "form": form, "base": "mentee"},
    )


def _mentee_page(request, programme, profile, *, form=None, requests=None, status_form=None):
    return render(
        request,
        "programme/bases/mentee_form.html",
        {
            "programme": programme,
            "profile": profile,
            "form": form or MenteeForm(profile=profile),
            "requests": requests or mentee_request_formset(None, profile),
            "status_form": status_form or MenteeStatusForm(initial={"status": profile.status}),
        },
    )


@access.manager_required
def mentee_edit(request, pk, mentee_pk):
    programme = access.get_programme(request.user, pk, write=True)
    profile = _mentee(programme, mentee_pk)
    if request.method != "POST":
        return _mentee_page(request, programme, profile)
    form = MenteeForm(request.POST, profile=profile)
    requests = mentee_request_formset(request.POST, profile)
    if form.is_valid() and requests.is_valid():
        try:
            services.mentee_update(profile=profile, **form.cleaned_data, requests=requests.rows())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"Карточка наставляемого {profile.staff.short_name} сохранена."
            )
            return redirect("programme:mentee_edit", pk=programme.pk, mentee_pk=profile.pk)
    return _mentee_page(request, programme, profile, form=form, requests=requests)


@require_POST
@access.manager_required
def mentee_status(request, pk, mentee_pk):
    programme = access.get_programme(request.user, pk, write=True)
    profile = _mentee(programme, mentee_pk)
    form = MenteeStatusForm(request.POST)
    if form.is_valid():
        try:
            services.mentee_set_status(
                profile,
                form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Статус: {profile.get_status_display()}.")
            return redirect("programme:mentee_edit", pk=programme.pk, mentee_pk=profile.pk)
    profile.refresh_from_db()
    return _mentee_page(request, programme, profile, status_form=form)


@access.reader_required
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


@access.reader_required
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
    programme = access.get_programme(request.user, pk, write=True)
    form = MentorAddForm(
        request.POST or None, staff_queryset=selectors.staff_to_add(programme, base="mentor")
    )
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.mentor_add(programme=programme, staff=form.cleaned_data["staff"])
        except DomainError as error:
            form.add_error("staff", error.message)
        else:
            messages.success(request, f"{profile.staff.short_name} добавлен(а) в базу наставников.")
            return redirect("programme:mentor_edit", pk=programme.pk, mentor_pk=profile.pk)
    return render(
        request,
        "programme/bases/person_add.html",
        {"programme": programme, "form": form, "base": "mentor"},
    )


def _mentor_page(request, programme, profile, *, form=None, competencies=None, status_form=None):
    return render(
        request,
        "programme/bases/mentor_form.html",
        {
            "programme": programme,
            "profile": profile,
            "form": form or MentorForm(profile=profile),
            "competencies": competencies or mentor_competency_formset(None, profile),
            "status_form": status_form or MentorStatusForm(initial={"status": profile.status}),
        },
    )


@access.manager_required
def mentor_edit(request, pk, mentor_pk):
    programme = access.get_programme(request.user, pk, write=True)
    profile = _mentor(programme, mentor_pk)
    if request.method != "POST":
        return _mentor_page(request, programme, profile)
    form = MentorForm(request.POST, profile=profile)
    competencies = mentor_competency_formset(request.POST, profile)
    if form.is_valid() and competencies.is_valid():
        try:
            services.mentor_update(
                profile=profile,
                **form.cleaned_data,
                competencies=[(row["competency"], row["level"]) for row in competencies.rows()],
            )
        except DomainError as error:
            form.add_error(None, error.message)
            profile.refresh_from_db()
        else:
            messages.success(request, f"Карточка наставника {profile.staff.short_name} сохранена.")
            return redirect("programme:mentor_edit", pk=programme.pk, mentor_pk=profile.pk)
    return _mentor_page(request, programme, profile, form=form, competencies=competencies)


@require_POST
@access.manager_required
def mentor_status(request, pk, mentor_pk):
    programme = access.get_programme(request.user, pk, write=True)
    profile = _mentor(programme, mentor_pk)
    form = MentorStatusForm(request.POST)
    if form.is_valid():
        try:
            services.mentor_set_status(profile, form.cleaned_data["status"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Статус: {profile.get_status_display()}.")
            return redirect("programme:mentor_edit", pk=programme.pk, mentor_pk=profile.pk)
    return _mentor_page(request, programme, profile, status_form=form)


# --- Comparison ----------------------------------------------------------------------------


@access.reader_required
def comparison(request, pk):
    programme = access.get_programme(request.user, pk)
    return render(
        request,
        "programme/bases/comparison.html",
        {"programme": programme, "comparison": selectors.comparison(programme)},
    )
