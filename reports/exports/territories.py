"""The roll-up of a territory as a spreadsheet: every table of the page — the kindergartens with
the totals, the municipalities (for a region), the people by experience and by age — numbers
typed as numbers, a mean on fewer than 3 people written as «недостаточно ответов». Names of
kindergartens and municipalities go through the project's one formula-escaping rule."""

from programme.resources import escape_row
from programme.spreadsheets import finish_sheet, workbook_bytes

from ..selectors.monitoring import Figure
from ..selectors.territories import Rollup, Row, bucket_columns


def _value(figure: Figure):
    if figure.hidden:
        return figure.text
    return figure.value


def _header(data: Rollup, first: str) -> list[str]:
    return [
        first,
        "Муниципальное образование",
        "Год программы",
        "Этап (1–7)",
        "Выполнено мероприятий, %",
        "Просрочено мероприятий",
        "Наставляемых",
        "Наставников",
        *[f"Пар: {label}" for _code, label in data.forms],
        "Пар (групп) всего",
        "Завершено пар",
        "Прекращено досрочно",
        "Нет согласия на обработку ПДн",
        "Удовлетворённость наставников (из 10)",
        "Удовлетворённость наставляемых (из 10)",
        "Итоговая оценка наставляемых: средний прирост",
        "Отстаёт по этапам",
    ]


def _line(data: Rollup, row: Row, *, kindergartens: bool = False) -> list:
    return [
        f"{row.name} ({row.kindergartens} д/с)" if kindergartens else row.name,
        row.municipality,
        row.year,
        row.stage,
        row.percent,
        row.overdue,
        row.mentees,
        row.mentors,
        *row.form_counts(data.forms),
        row.pairs,
        row.completed,
        row.ended_early,
        row.consents_missing,
        _value(row.satisfaction_mentors),
        _value(row.satisfaction_mentees),
        _value(row.delta),
        "да" if row.behind else "",
    ]


def _sheet(workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(escape_row(header))
    for row in rows:
        sheet.append(escape_row(row))
    sheet.column_dimensions["A"].width = 36
    finish_sheet(sheet, frozen_columns=1)


def rollup_xlsx(data: Rollup) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    total = data.total
    _sheet(
        workbook,
        "Детские сады",
        _header(data, "Детский сад"),
        [_line(data, row) for row in data.rows] + [_line(data, total, kindergartens=True)],
    )
    if data.by_municipality:
        _sheet(
            workbook,
            "Муниципалитеты",
            _header(data, "Муниципальное образование"),
            [_line(data, row, kindergartens=True) for row in data.municipalities]
            + [_line(data, total, kindergartens=True)],
        )
    experience, age = bucket_columns()
    for title, columns in (("По стажу", experience), ("По возрасту", age)):
        header = ["Детский сад"]
        for _key, label in columns:
            header += [f"Наставляемые: {label}", f"Наставники: {label}"]
        lines = []
        for row in [*data.rows, total]:
            line = [row.name]
            for key, _label in columns:
                line += [row.mentee_buckets[key], row.mentor_buckets[key]]
            lines.append(line)
        _sheet(workbook, title, header, lines)
    return workbook_bytes(workbook)
