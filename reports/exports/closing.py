"""The year's data as one workbook for the archive: the bases, the pairs, the meetings, the
plans and the outcomes, one sheet each. Every cell a person typed goes through the project's one
formula-escaping rule (`escape_row`); dates and numbers stay typed."""

from programme.models import Programme
from programme.resources import escape_row
from programme.spreadsheets import excel_datetime, finish_sheet, workbook_bytes

from ..selectors import closing as selectors

SHEETS = {
    "Наставляемые": ("ФИО", "Должность", "Категория", "Статус", "Включён", "Выбыл", "Причина"),
    "Наставники": (
        "ФИО",
        "Должность",
        "Статус",
        "Компетенции",
        "Лимит наставляемых",
        "Долгосрочная база",
        "Основание (ст. 351.8 ТК РФ)",
    ),
    "Пары": (
        "Наставник",
        "Наставляемые",
        "Форма",
        "Начало",
        "Окончание",
        "Статус",
        "Итог",
        "Заключение",
    ),
    "Встречи": ("Наставник", "Вид", "Дата и время", "Тема", "Статус", "Итог встречи"),
    "Планы": (
        "Наставляемый",
        "Наставник",
        "Версия",
        "Статус",
        "Мероприятий",
        "Выполнено",
        "Цель",
    ),
    "Итоги в базах": ("ФИО", "Роль", "С кем", "Форма", "Окончание", "Досрочно", "Итог"),
    "Согласия": ("ФИО", "Вид", "Версия текста", "Дано", "Способ", "Скан", "Отозвано"),
}


def _mentees(programme):
    for p in selectors.mentee_rows(programme):
        yield [
            p.staff.full_name,
            str(p.staff.get_position_display()),
            str(p.get_category_display()),
            str(p.get_status_display()),
            p.included_on,
            p.left_on,
            p.left_reason,
        ]


def _mentors(programme):
    for p in selectors.mentor_rows(programme):
        yield [
            p.staff.full_name,
            str(p.staff.get_position_display()),
            str(p.get_status_display()),
            "; ".join(c.competency.name for c in p.competencies.all()),
            p.effective_capacity,
            "да" if p.long_term_agreed else "нет",
            p.labour_basis_text,
        ]


def _pairs(programme):
    for pairing in selectors.pairing_rows(programme):
        outcome = getattr(pairing, "outcome", None)
        yield [
            pairing.mentor.staff.full_name,
            "; ".join(m.mentee.staff.full_name for m in pairing.members.all()),
            str(pairing.get_form_display()),
            pairing.starts_on,
            pairing.ends_on,
            str(pairing.get_status_display()),
            str(outcome.get_result_display()) if outcome and outcome.is_confirmed else "",
            outcome.conclusion if outcome and outcome.is_confirmed else "",
        ]


def _meetings(programme):
    for meeting in selectors.meeting_rows(programme):
        yield [
            meeting.pairing.mentor.staff.full_name,
            str(meeting.get_kind_display()),
            excel_datetime(meeting.starts_at),
            meeting.topic,
            str(meeting.get_status_display()),
            meeting.result,
        ]


def _plans(programme):
    for plan in selectors.plan_rows(programme):
        activities = list(plan.activities.all())
        yield [
            plan.membership.mentee.staff.full_name,
            plan.membership.pairing.mentor.staff.full_name,
            plan.number,
            str(plan.get_status_display()),
            len(activities),
            sum(1 for a in activities if a.done_on),
            plan.goal,
        ]


def _outcomes(programme):
    for entry in selectors.outcome_rows(programme):
        yield [
            entry.staff.full_name,
            str(entry.get_role_display()),
            entry.partners,
            str(entry.get_form_display()),
            entry.ended_on,
            "да" if entry.ended_early else "нет",
            str(entry.get_result_display()),
        ]


def _consents(programme):
    for consent in selectors.participant_consents(programme):
        yield [
            consent.staff.full_name,
            str(consent.get_kind_display()),
            consent.text.code,
            excel_datetime(consent.given_at),
            str(consent.get_channel_display()),
            "да" if consent.scan else "нет",
            excel_datetime(consent.withdrawn_at),
        ]


ROWS = {
    "Наставляемые": _mentees,
    "Наставники": _mentors,
    "Пары": _pairs,
    "Встречи": _meetings,
    "Планы": _plans,
    "Итоги в базах": _outcomes,
    "Согласия": _consents,
}


def year_data_xlsx(programme: Programme) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers in SHEETS.items():
        sheet = workbook.create_sheet(title)
        sheet.append(list(headers))
        for row in ROWS[title](programme):
            sheet.append(escape_row(row))
        for column in sheet.iter_cols(min_row=1, max_row=1):
            sheet.column_dimensions[column[0].column_letter].width = 24
        finish_sheet(sheet, header_row=1, frozen_columns=1)
    return workbook_bytes(workbook)
