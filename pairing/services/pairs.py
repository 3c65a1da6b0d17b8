"""What the people of a pair do on its page beyond plans and meetings: the mentor ends the
mentoring early with the notice of art. 351.8 of the Labour Code."""

import datetime as dt

from django.utils import timezone

from programme.validators import check_sane_date

from ..models import Pairing
from .pairings import earliest_end, pairing_terminate


def pair_end_by_mentor(
    *,
    pairing: Pairing,
    reason: str = "",
    kind: str = "",
    notice_on: dt.date | None = None,
    on: dt.date | None = None,
) -> Pairing:
    """The mentor gives notice today (or on the day she gave it on paper) and the mentoring
    ends three working days later on the Russian calendar, or on a later day she names. The
    pair works until then; the notice date and the end are recorded; the next order records
    the end."""
    check_sane_date(notice_on, what="Дата уведомления")
    check_sane_date(on, what="Последний день наставничества")
    notice_on = notice_on or timezone.localdate()
    on = on or earliest_end(notice_on)
    return pairing_terminate(
        pairing=pairing, on=on, reason=reason, kind=kind, by_mentor=True, notice_on=notice_on
    )
