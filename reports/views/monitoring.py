"""The monitoring page (7.3, 7.4): every figure of both stages with the curator's analysis beside
them, the report as PDF and as a spreadsheet. The figures are anonymous: the regional
coordinator reads them; only the organisation's curator and head write the analysis."""

from django.contrib import messages
from django.shortcuts import redirect, render

from common.renderer import pdf_response
from programme import access
from programme.views.base import save_form

from ..documents import monitoring as documents
from ..forms.monitoring import MonitoringReportForm
from ..models.monitoring import SWOT_FIELDS
from ..selectors import monitoring as selectors
from ..services import monitoring as services


@access.reader_required
def monitoring(request, pk):
    programme = access.get_programme(request.user, pk, write=request.method == "POST")
    report = selectors.report_of(programme)
    initial = {name: getattr(report, name) for name in SWOT_FIELDS} if report else {}
    form = MonitoringReportForm(request.POST or None, initial=initial)
    saved = save_form(
        request,
        form,
        lambda texts: services.monitoring_save(programme=programme, by=request.user, **texts),
        success=_saved_message,
    )
    if saved:
        for note in saved.result.waiting:
            messages.info(request, note)
        return redirect("reports:monitoring", pk=programme.pk)
    data = selectors.monitoring(programme)
    return render(
        request,
        "reports/monitoring/page.html",
        {
            "programme": programme,
            "data": data,
            "quality": data.quality,
            "impact": data.impact,
            "report": report,
            "form": form,
            "charts": documents.charts(data, hidden=True),
            "can_manage": access.can_manage(request.user),
            "can_see_names": access.can_see_names(request.user),
        },
    )


def _saved_message(saved) -> str:
    text = "Анализ и выводы сохранены."
    if saved.closed:
        text += " Отмечено выполненным: " + ", ".join(saved.closed) + "."
    return text


@access.reader_required
def monitoring_pdf(request, pk):
    programme = access.get_programme(request.user, pk)
    return pdf_response(
        documents.monitoring_document(selectors.monitoring(programme)), request=request
    )


@access.reader_required
def monitoring_xlsx(request, pk):
    programme = access.get_programme(request.user, pk)
    document = documents.monitoring_spreadsheet(selectors.monitoring(programme))
    return pdf_response(document, request=request, inline=False)
