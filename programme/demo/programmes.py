"""The demo's 2024 programme with its roadmap."""

import datetime as dt

from .. import services
from ..models import Organisation, Programme, StaffMember


def build_programme(org: Organisation, staff: dict[str, StaffMember]) -> Programme:
    programme = Programme.objects.filter(organisation=org, year=2024).first()
    if programme is None:
        programme = services.programme_create(
            organisation=org,
            year=2024,
            title="Программа наставничества педагогических работников на 2024 год",
            curator=staff["Королёва"],
            forms=["teacher_teacher", "group", "reverse", "situational"],
            default_capacity=2,
            starts_on=dt.date(2024, 2, 1),
            ends_on=dt.date(2024, 12, 20),
            council_protocol_number="1",
            council_protocol_date=dt.date(2024, 8, 30),
            head_approved_on=dt.date(2024, 8, 30),
        )
    return programme
