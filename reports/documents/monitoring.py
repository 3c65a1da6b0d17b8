"""The monitoring report as one A4 PDF (both stages: charts with the tables of their figures
under them, the analysis, the conclusions, the head's signature), its spreadsheet, and the files
the year's archive takes. The charts are `common.charts` bars: inline SVG that WeasyPrint prints
as it is, each with its figures in words for a screen reader."""

import datetime as dt

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from common import formatting
from common.charts import Series, bar_chart_svg
from common.downloads import clean_filename
from common.renderer import Document, render_pdf
from programme.models import Programme

from ..exports.monitoring import monitoring_xlsx
from ..selectors import monitoring as selectors
from ..selectors.monitoring import Monitoring

SCORE_MAX = 10  # interim feedback and satisfaction are scored of 10


def _number(value: float) -> str:
    """«3,25»: as the tables write it (a decimal comma, no trailing zeros)."""
    return formatting.number_ru(round(value, 2))


def _percent(value: float) -> str:
    return f"{formatting.number_ru(value)}%"


def _svg(labels, series, *, hidden: bool, **options) -> SafeString:
    if not labels:
        return mark_safe("")
    # bar_chart_svg escapes every text it draws.
    return mark_safe(bar_chart_svg(labels, series, hidden=hidden, **options))


def charts(data: Monitoring, *, hidden: bool = False) -> dict[str, SafeString]:
    """The report's charts by name. On the page (`hidden`) each stands beside a visible table
    of the same figures, so the picture itself is left out of the accessibility tree."""
    quality, impact = data.quality, data.impact
    result = {
        "funnel": _svg(
            [s.label for s in quality.funnel],
            [Series("% от педагогов", [s.percent for s in quality.funnel])],
            hidden=hidden,
            max_value=100,
            value_format=_percent,
            label_width=300,
            title="Участие в программе, % от педагогов организации",
        ),
        "forms": _svg(
            [r.label for r in quality.forms],
            [Series("пар (групп)", [r.pairs for r in quality.forms])],
            hidden=hidden,
            title="Наставнические пары (группы) по формам",
        ),
        "meetings": _svg(
            [r.label for r in quality.meetings],
            [
                Series("запланировано", [r.planned for r in quality.meetings]),
                Series("состоялось", [r.held for r in quality.meetings]),
            ],
            hidden=hidden,
            title="Встречи пар: запланировано и состоялось",
        ),
    }
    if quality.feedback:
        result["feedback"] = _svg(
            [formatting.date_ru(r.on) for r in quality.feedback],
            [
                Series("продвижение", [r.progress.shown for r in quality.feedback]),
                Series("комфорт", [r.comfort.shown for r in quality.feedback]),
            ],
            hidden=hidden,
            max_value=SCORE_MAX,
            value_format=_number,
            label_width=120,
            title="Промежуточная обратная связь: средние оценки (из 10) по сборам",
        )
    labels, by_group = _satisfaction_means(data)
    if labels and any(v is not None for values in by_group.values() for v in values):
        result["satisfaction"] = _svg(
            labels,
            [Series(name, values) for name, values in by_group.items()],
            hidden=hidden,
            max_value=SCORE_MAX,
            value_format=_number,
            label_width=300,
            title="Удовлетворённость участием: средние оценки (из 10)",
        )
    for group in impact.groups:
        if not group.has_scores:
            continue
        result[f"impact_{group.scope}"] = _svg(
            [r.parameter for r in group.rows],
            [
                Series("до (входная)", [r.before.shown for r in group.rows]),
                Series("после (итоговая)", [r.after.shown for r in group.rows]),
            ],
            hidden=hidden,
            max_value=group.scale_max,
            value_format=_number,
            label_width=300,
            title=f"Средние баллы «до» и «после»: {group.label.lower()}",
        )
    return result


def _satisfaction_means(data: Monitoring) -> tuple[list[str], dict[str, list]]:
    """The 1–10 items of the satisfaction questionnaire, the mean of each group shown."""
    labels: list[str] = []
    means: dict[str, dict[str, float | None]] = {}
    for group in data.quality.satisfaction:
        means[group.label] = {}
        for item in group.items:
            if item.question.text not in labels:
                labels.append(item.question.text)
            means[group.label][item.question.text] = item.mean
    return labels, {name: [row.get(label) for label in labels] for name, row in means.items()}


def monitoring_context(data: Monitoring) -> dict:
    programme = data.programme
    organisation = programme.organisation
    return {
        "data": data,
        "programme": programme,
        "organisation": organisation,
        "quality": data.quality,
        "impact": data.impact,
        "report": data.report,
        "charts": charts(data),
        "today": formatting.date_ru(data.today),
        "curator": programme.curator.short_name if programme.curator_id else "",
        "head_signature": (
            formatting.initials_surname(organisation.head_name) or formatting.BLANK_SIGNATURE_NAME
        ),
    }


def monitoring_filename(programme: Programme, extension: str) -> str:
    return f"Отчёт о мониторинге программы наставничества {programme.year}.{extension}"


def monitoring_document(data: Monitoring) -> Document:
    return render_pdf(
        "reports/monitoring/report.html",
        monitoring_context(data),
        filename=monitoring_filename(data.programme, "pdf"),
    )


def monitoring_spreadsheet(data: Monitoring) -> Document:
    return Document(
        filename=clean_filename(monitoring_filename(data.programme, "xlsx")),
        content=monitoring_xlsx(data),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def archive_files(programme: Programme, *, today: dt.date | None = None) -> list[tuple[str, bytes]]:
    """The report's PDF and spreadsheet, as the year's archive stores them: (name, content)."""
    data = selectors.monitoring(programme, today=today or timezone.localdate())
    return [
        (document.filename, document.content)
        for document in (monitoring_document(data), monitoring_spreadsheet(data))
    ]
