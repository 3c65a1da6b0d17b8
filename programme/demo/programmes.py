"""The demo's 2024 programme with its roadmap: copied from last year's (its long-term mentors
come with it), then given this year's dates and approval."""

import datetime as dt

from .. import services
from ..models import Organisation, Programme, StaffMember

APPROVAL = {
    "starts_on": dt.date(2024, 2, 1),
    "ends_on": dt.date(2024, 12, 20),
    "council_protocol_number": "1",
    "council_protocol_date": dt.date(2024, 8, 30),
    "head_approved_on": dt.date(2024, 8, 30),
}


def build_programme(
    org: Organisation, staff: dict[str, StaffMember], previous: Programme | None = None
) -> Programme:
    programme = Programme.objects.filter(organisation=org, year=2024).first()
    if programme is None and previous is not None:
        programme = services.programme_copy_to_next_year(programme=previous)
        programme = services.programme_update(
            programme=programme,
            forms=["teacher_teacher", "group", "reverse", "situational"],
            **APPROVAL,
        )
    if programme is None:
        programme = services.programme_create(
            organisation=org,
            year=2024,
            title="Программа наставничества педагогических работников на 2024 год",
            curator=staff["Королёва"],
            forms=["teacher_teacher", "group", "reverse", "situational"],
            default_capacity=2,
            **APPROVAL,
        )
    return programme
