"""The curator's overview of all pairs: one table with filters, and its xlsx export."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from common.downloads import name_download
from pairing.exports import pairs_overview_xlsx
from programme import access

from ..forms.overview import OverviewFilterForm
from ..selectors.overview import pairs_overview

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(request, programme):
    form = OverviewFilterForm(request.GET or None)
    rows = pairs_overview(programme, today=timezone.localdate(), **form.filters())
    return form, rows


@access.manager_required
def overview(request, pk):
    """Names, plans and feedback per pair: the organisation's curator and head only."""
    programme = access.get_programme(request.user, pk, write=True)
    form, rows = _rows(request, programme)
    return render(
        request,
        "pairing/overview/overview.html",
        {
            "programme": programme,
            "form": form,
            "rows": rows,
            "query": request.GET.urlencode(),
            "trouble": sum(1 for r in rows if r.alerts),
        },
    )


@access.manager_required
def overview_xlsx(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    _form, rows = _rows(request, programme)
    content = pairs_overview_xlsx(rows, title=f"Наставнические пары — {programme.title}")
    response = HttpResponse(content, content_type=XLSX)
    return name_download(response, f"Пары — обзор, {programme.year}.xlsx")
