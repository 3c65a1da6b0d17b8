"""Spreadsheet exports of reports: the curator's overview of all pairs. Every cell a person typed
goes through the project's one formula-escaping rule."""

from programme.resources import escape_row
from programme.spreadsheets import finish_sheet, workbook_bytes

OVERVIEW_HEADERS = (
    "Наставник",
    "Наставляемые",
    "Форма",
    "Начало",
    "Окончание",
    "Статус",
    "Встреч проведено",
    "Встреч запланировано",
    "Последняя встреча",
    "План",
    "Мероприятий в плане",
    "Выполнено мероприятий плана",
    "Последний сбор обратной связи",
    "Спрошено",
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
            pairing.starts_on,
            pairing.ends_on,
            str(pairing.get_status_display()),
            row.held,
            row.planned,
            row.last_held,
            row.plan_state,
            row.plan_total if row.plan_total else None,
            row.plan_done if row.plan_total else None,
            latest.round.on if latest else None,
            len(latest.asked) if latest else None,
            len(latest.answered) if latest else None,
            latest.progress if latest else None,
            latest.comfort if latest else None,
            "; ".join(row.alerts),
            row.outcome_text,
            row.outcome.conclusion if row.outcome else "",
        ]
    )


def pairs_overview_xlsx(rows, *, title: str) -> bytes:
    """The overview as it is filtered on the page, one pair per row: dates and numbers typed,
    an autofilter under the title, the header and the mentor's column frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Пары"
    sheet.append(escape_row([title[:250]]))
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(OVERVIEW_HEADERS))
    for row in rows:
        sheet.append(_row(row))
    widths = (30, 40, 22, 26, 18, 10, 10, 14, 24, 14, 14, 10, 10, 10, 50, 30, 60)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    finish_sheet(sheet, header_row=2, frozen_columns=1)
    return workbook_bytes(workbook)
