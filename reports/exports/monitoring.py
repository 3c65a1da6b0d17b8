"""Every figure of the monitoring report as a spreadsheet, one sheet per table: numbers typed as
numbers, each figure beside the number of people it rests on, a hidden anonymous figure written
as «недостаточно ответов». Text a person typed (parameters, the analysis) goes through the
project's one formula-escaping rule."""

from programme.resources import escape_row
from programme.spreadsheets import finish_sheet, workbook_bytes

from ..selectors.monitoring import Figure, Monitoring

ANALYSIS = (
    ("strengths", "Сильные стороны"),
    ("weaknesses", "Слабые стороны"),
    ("opportunities", "Возможности и предложения"),
    ("threats", "Риски (угрозы)"),
    ("conclusions", "Выводы"),
)


def _value(figure: Figure):
    """The number, or why it is not shown."""
    if figure.hidden:
        return figure.text
    return figure.value


def _sheet(workbook, title: str, header: list[str], rows: list[list], widths: list[int]):
    sheet = workbook.create_sheet(title)
    sheet.append(escape_row(header))
    for row in rows:
        sheet.append(escape_row(row))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    finish_sheet(sheet, frozen_columns=1)
    return sheet


def monitoring_xlsx(data: Monitoring) -> bytes:
    from openpyxl import Workbook

    quality, impact = data.quality, data.impact
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        "Участие",
        ["Шаг", "Человек", "% от педагогов", "Педагогов в организации"],
        [[s.label, s.count, s.percent, s.staff] for s in quality.funnel],
        [50, 10, 16, 22],
    )
    _sheet(
        workbook,
        "Пары по формам",
        ["Форма наставничества", "Пар (групп)", "Наставляемых"],
        [[r.label, r.pairs, r.mentees] for r in quality.forms]
        + [["Всего", quality.pairs, sum(r.mentees for r in quality.forms)]]
        + [[f"из них: {label}", count, None] for label, count in quality.statuses],
        [40, 14, 14],
    )
    _sheet(
        workbook,
        "Встречи",
        [
            "Вид встречи",
            "Запланировано",
            "Состоялось",
            "Не состоялось",
            "% состоявшихся",
            "Пар, где состоялась",
        ],
        [[r.label, r.planned, r.held, r.not_held, r.percent, r.pairs] for r in quality.meetings],
        [36, 14, 12, 14, 16, 18],
    )
    plans = quality.plans
    _sheet(
        workbook,
        "Планы развития",
        ["Показатель", "Значение"],
        [
            ["Наставляемых в парах", plans.mentees],
            ["Из них с индивидуальным планом", plans.plans],
            ["Планов утверждено", plans.approved],
            ["Мероприятий в планах", plans.activities],
            ["Мероприятий выполнено", plans.done],
            ["% выполнения", plans.percent],
        ],
        [36, 12],
    )
    _sheet(
        workbook,
        "Обратная связь",
        [
            "Дата сбора",
            "Спрошено",
            "Ответили",
            "Продвижение (из 10)",
            "Ответов",
            "Комфорт (из 10)",
            "Ответов",
        ],
        [
            [
                r.on,
                r.asked,
                r.answered,
                _value(r.progress),
                r.progress.people,
                _value(r.comfort),
                r.comfort.people,
            ]
            for r in quality.feedback
        ],
        [14, 10, 10, 22, 10, 22, 10],
    )
    satisfaction = []
    for group in quality.satisfaction:
        if group.hidden:
            satisfaction.append([group.label, "все показатели", "недостаточно ответов", None])
            continue
        satisfaction += [
            [group.label, item.question.text, item.mean, item.answered] for item in group.items
        ]
        satisfaction += [
            [group.label, f"{share.label} (%)", share.percent, share.answered]
            for share in group.shares
        ]
    _sheet(
        workbook,
        "Удовлетворённость",
        ["Группа", "Показатель (1–10)", "Среднее", "Ответов"],
        [[group.label, "Приглашено", group.invited, None] for group in quality.satisfaction]
        + [[group.label, "Ответили", group.responses, None] for group in quality.satisfaction]
        + satisfaction,
        [16, 60, 22, 10],
    )
    rows = []
    for group in impact.groups:
        for r in group.rows:
            rows.append(
                [
                    group.label,
                    r.parameter,
                    r.scale,
                    _value(r.before),
                    r.before.people,
                    _value(r.after),
                    r.after.people,
                    _value(r.delta),
                    r.delta.people,
                    _value(r.improved),
                    r.improved_people if not r.improved.hidden else None,
                ]
            )
        rows.append(
            [
                group.label,
                "Улучшили средний балл по параметрам",
                "",
                None,
                None,
                None,
                None,
                None,
                group.people,
                _value(group.improved),
                group.improved_people if not group.improved.hidden else None,
            ]
        )
    _sheet(
        workbook,
        "До и после",
        [
            "Группа",
            "Параметр",
            "Шкала",
            "До (входная), среднее",
            "Человек",
            "После (итоговая), среднее",
            "Человек",
            "Изменение, среднее",
            "Человек (оценены дважды)",
            "Улучшили, %",
            "Улучшили, человек",
        ],
        rows,
        [16, 50, 8, 14, 9, 14, 9, 14, 12, 12, 12],
    )
    report = data.report
    _sheet(
        workbook,
        "Анализ",
        ["Раздел", "Текст"],
        [[label, getattr(report, name, "") if report else ""] for name, label in ANALYSIS]
        + [["Организация", data.programme.organisation.full_name]],
        [28, 100],
    )
    return workbook_bytes(workbook)
