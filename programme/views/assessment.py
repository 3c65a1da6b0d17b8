"""Pages of assessment (3.2, 4.1, 7.4): parameters, rounds, the score grid, before/after
comparison with a chart, export of a round."""

import re

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from common.charts import Series, bar_chart_svg
from common.downloads import name_download

from .. import access
from ..exceptions import DomainError
from ..forms.assessment import ParameterForm, RoundForm
from ..models import AssessmentParameter, AssessmentRound
from ..models.assessment import ParameterScope, RoundKind
from ..selectors import assessment as selectors
from ..services import assessment as services
from .staff import CONTENT_TYPES

CELL_NAME = re.compile(r"^s-(\d+)-(\d+)$")


def _scope(value: str) -> str:
    if value not in ParameterScope.values:
        raise Http404
    return value


def _round(programme, round_pk) -> AssessmentRound:
    return get_object_or_404(AssessmentRound.objects.filter(programme=programme), pk=round_pk)


@access.reader_required
def assessment_home(request, pk):
    programme = access.get_programme(request.user, pk)
    parameters = list(programme.assessment_parameters.order_by("applies_to", "order", "pk"))
    rounds = selectors.rounds_with_counts(programme)
    return render(
        request,
        "programme/assessment/home.html",
        {
            "programme": programme,
            "rounds": rounds,
            "groups": [
                (scope, [p for p in parameters if p.applies_to == scope])
                for scope in ParameterScope
            ],
            "missing_kinds": [k for k in RoundKind if k not in {r.kind for r in rounds}],
            "can_manage": access.can_manage(request.user),
        },
    )


@require_POST
@access.manager_required
def parameters_defaults(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    added = services.ensure_default_parameters(programme=programme)
    if added:
        messages.success(request, f"Добавлены типовые параметры: {added}. Их можно изменить.")
    else:
        messages.info(request, "Параметры для обеих групп уже есть.")
    return redirect("programme:assessment_home", pk=programme.pk)


def _parameter_page(request, programme, parameter=None):
    initial = {}
    if parameter is None and request.GET.get("scope") in ParameterScope.values:
        initial = {"applies_to": request.GET["scope"]}
    form = ParameterForm(request.POST or None, instance=parameter, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.parameter_save(programme=programme, parameter=parameter, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Параметр сохранён.")
            return redirect("programme:assessment_home", pk=programme.pk)
    return render(
        request,
        "programme/assessment/parameter_form.html",
        {"programme": programme, "parameter": parameter, "form": form},
    )


@access.manager_required
def parameter_create(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    return _parameter_page(request, programme)


@access.manager_required
def parameter_edit(request, pk, parameter_pk):
    programme = access.get_programme(request.user, pk, write=True)
    parameter = get_object_or_404(programme.assessment_parameters, pk=parameter_pk)
    return _parameter_page(request, programme, parameter)


@require_POST
@access.manager_required
def parameter_delete(request, pk, parameter_pk):
    programme = access.get_programme(request.user, pk, write=True)
    parameter = get_object_or_404(
        AssessmentParameter.objects.filter(programme=programme), pk=parameter_pk
    )
    try:
        services.parameter_delete(parameter=parameter)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Параметр удалён.")
    return redirect("programme:assessment_home", pk=programme.pk)


@access.manager_required
def round_create(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    initial = {}
    if request.GET.get("kind") in RoundKind.values:
        initial["kind"] = request.GET["kind"]
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_round = services.round_create(programme=programme, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Оценка создана. Внесите баллы.")
            scope = request.GET.get("scope")
            if scope in ParameterScope.values:
                return redirect(
                    "programme:score_grid",
                    pk=programme.pk,
                    round_pk=assessment_round.pk,
                    scope=scope,
                )
            return redirect("programme:assessment_home", pk=programme.pk)
    return render(
        request, "programme/assessment/round_form.html", {"programme": programme, "form": form}
    )


@access.named_data_required
def assessment_go(request, pk):
    """From the roadmap: the round's grid if the round exists, else the form to create it."""
    programme = access.get_programme(request.user, pk)
    kind = request.GET.get("kind", RoundKind.BASELINE)
    scope = request.GET.get("scope", ParameterScope.MENTEES)
    if kind not in RoundKind.values or scope not in ParameterScope.values:
        raise Http404
    assessment_round = programme.assessment_rounds.filter(kind=kind).first()
    if assessment_round is not None:
        return redirect(
            "programme:score_grid", pk=programme.pk, round_pk=assessment_round.pk, scope=scope
        )
    if not access.can_manage(request.user):
        return redirect("programme:assessment_home", pk=programme.pk)
    return redirect(
        f"{reverse('programme:round_create', args=[programme.pk])}?{request.GET.urlencode()}"
    )


def _typed_grid(post) -> dict[services.Cell, str]:
    grid = {}
    for name, value in post.items():
        match = CELL_NAME.match(name)
        if match:
            grid[(int(match.group(1)), int(match.group(2)))] = value
    return grid


@access.named_data_required
def score_grid(request, pk, round_pk, scope):
    """One table for a whole group: people by rows, parameters by columns."""
    programme = access.get_programme(request.user, pk, write=request.method == "POST")
    assessment_round = _round(programme, round_pk)
    scope = _scope(scope)
    typed = errors = None
    if request.method == "POST":
        typed = _typed_grid(request.POST)
        try:
            result = services.save_scores(round=assessment_round, scope=scope, grid=typed)
        except services.ScoreGridError as error:
            errors = error.errors
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"Оценки сохранены: новых {result.created}, изменено {result.updated}, "
                f"очищено {result.deleted}.",
            )
            return redirect(
                "programme:score_grid", pk=programme.pk, round_pk=assessment_round.pk, scope=scope
            )
    parameters, rows = selectors.score_grid(assessment_round, scope, typed=typed, errors=errors)
    return render(
        request,
        "programme/assessment/score_grid.html",
        {
            "programme": programme,
            "round": assessment_round,
            "scope": scope,
            "scope_label": ParameterScope(scope).label,
            "scopes": list(ParameterScope),
            "parameters": parameters,
            "rows": rows,
            "can_manage": access.can_manage(request.user),
        },
    )


@access.named_data_required
def round_export(request, pk, round_pk):
    programme = access.get_programme(request.user, pk)
    assessment_round = _round(programme, round_pk)
    content = services.export_round_xlsx(round=assessment_round)
    response = HttpResponse(content, content_type=CONTENT_TYPES["xlsx"])
    filename = f"Оценка — {assessment_round.get_kind_display()}, {programme.year}.xlsx"
    return name_download(response, filename)


@access.named_data_required
def assessment_comparison(request, pk):
    programme = access.get_programme(request.user, pk)
    scope = _scope(request.GET.get("scope") or ParameterScope.MENTEES)
    data = selectors.comparison(programme, scope)
    chart = ""
    if data.parameters and any(a.before is not None or a.after is not None for a in data.averages):
        chart = bar_chart_svg(
            [p.name for p in data.parameters],
            [
                Series("до (входная)", [a.before for a in data.averages]),
                Series("после (итоговая)", [a.after for a in data.averages]),
            ],
            max_value=data.scale_max,
            label_width=300,
            width=720,
            value_format="{:.2f}",
            title=f"Средние баллы по параметрам: {ParameterScope(scope).label}",
        )
    return render(
        request,
        "programme/assessment/comparison.html",
        {
            "programme": programme,
            "scope": scope,
            "scopes": list(ParameterScope),
            "data": data,
            "chart": mark_safe(chart),  # bar_chart_svg escapes every text it draws
        },
    )
