"""The roadmap's printable documents: the plan as the pedagogical council agrees it and the head
approves it, and the 1.1 announcement for the staff room. Each is a template rendered by the one
renderer; the functions here only gather what the template prints."""

import re
from dataclasses import dataclass, field

from common import formatting
from common.qr import qr_svg
from common.renderer import Document, render_pdf
from programme.models import Activity, Programme, Stage
from programme.selectors import roadmap_stages

from ..selectors import programmes as selectors


@dataclass
class PlanActivity:
    activity: Activity
    period: str
    responsible: list[str]


@dataclass
class PlanStage:
    stage: Stage
    activities: list[PlanActivity] = field(default_factory=list)


def _responsible_lines(activity: Activity) -> list[str]:
    """Positions one per line («Заведующий ДОУ», «Старший воспитатель»), then the people."""
    positions = [p.strip() for p in re.split(r"[,;\n]", activity.responsible_text) if p.strip()]
    lines = [p[0].upper() + p[1:] for p in positions]
    lines += [person.short_name for person in activity.responsible_people.all()]
    return lines


def roadmap_context(programme: Programme) -> dict:
    """Everything the plan prints, in the seed's order: approval block, title, table."""
    organisation = programme.organisation
    stages = [
        PlanStage(
            stage=stage,
            activities=[
                PlanActivity(
                    activity=activity,
                    period=formatting.period_ru(activity.starts_on, activity.due_on),
                    responsible=_responsible_lines(activity),
                )
                for activity in stage.activities.all()
            ],
        )
        for stage in roadmap_stages(programme)
    ]
    return {
        "programme": programme,
        "organisation": organisation,
        "protocol_number": programme.council_protocol_number or formatting.BLANK_NUMBER,
        "protocol_date": formatting.date_or_blank(programme.council_protocol_date),
        "approved_on": formatting.date_or_blank(programme.head_approved_on, suffix=" г."),
        "head_signature": (
            formatting.initials_surname(organisation.head_name) or formatting.BLANK_SIGNATURE_NAME
        ),
        "stages": stages,
    }


def roadmap_document(programme: Programme) -> Document:
    return render_pdf(
        "reports/roadmap.html",
        roadmap_context(programme),
        filename=f"План мероприятий (дорожная карта) на {programme.year} год.pdf",
    )


def announcement_context(programme: Programme) -> dict:
    """The staff-room sheet: what the programme is, the stage 1–2 timetable, whom to ask, and
    a QR code to the public join page."""
    organisation = programme.organisation
    url = selectors.join_url(organisation)
    steps = [
        {
            "code": code,
            "label": label,
            "deadline": activity.deadline_text if activity else "",
            "period": formatting.period_ru(activity.starts_on, activity.due_on) if activity else "",
        }
        for code, label, activity in selectors.announcement_steps(programme)
    ]
    return {
        "programme": programme,
        "organisation": organisation,
        "curator": programme.curator,
        "event": selectors.informing_event(programme),
        "steps": steps,
        "join_url": url,
        "qr": qr_svg(url),
    }


def announcement_document(programme: Programme) -> Document:
    return render_pdf(
        "reports/announcement.html",
        announcement_context(programme),
        filename=f"Объявление о программе наставничества {programme.year}.pdf",
    )
