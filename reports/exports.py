"""Spreadsheet exports of reports: the curator's overview of all pairs. Every cell a person typed
goes through the project's one formula-escaping rule."""

from io import BytesIO

from programme.resources import escape_row
from reports.formatting import date_ru, period_ru

OVERVIEW_HEADERS = (
    "Наставник",
    "Наставляемые",
    "Форма",
    "Срок",
    "Статус",
    "Встреч проведено",
    "Встреч запланировано",
    "Последняя встреча",
    "План",
    "Выполнено мероприятий плана",
    "Последний сбор обратной связи",
    "Ответили",
    "Продвижение (из 10)",
    "Комфорт (из 10)",
    "Тревоги",
    "Итог: цель наставничества",
    "Заключение наставника",
)


def _row(row) -> list:
    pairing = row.pairing
    latest = row.latest
    return escape_row(
        [
            row.mentor.full_name,
            "; ".join(m.full_name for m in row.mentees),
            str(pairing.get_form_display()),
            period_ru(pairing.starts_on, pairing.ends_on),
            str(pairing.get_status_display()),
            row.held,
            row.planned,
            date_ru(row.last_held),
            row.plan_state,
            f"{row.plan_done} из {row.plan_total}" if row.plan_total else "",
            date_ru(latest.round.on) if latest else "",
            f"{len(latest.answered)} из {len(latest.asked)}" if latest else "",
            latest.progress if latest else None,
            latest.comfort if latest else None,
            "; ".join(row.alerts),
            row.outcome_text,
            row.outcome.conclusion if row.outcome else "",
        ]
    )


def pairs_overview_xlsx(rows, *, title: str) -> bytes:
    """The overview as it is filtered on the page, one pair per row."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Пары"
    sheet.append(escape_row([title[:250]]))
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(OVERVIEW_HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(_row(row))
    widths = (30, 40, 22, 26, 18, 10, 10, 14, 24, 14, 14, 10, 10, 10, 50, 30, 60)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    sheet.freeze_panes = "B3"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
