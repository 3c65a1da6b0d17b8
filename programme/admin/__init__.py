"""The app's admin: each part registers its models in `admin/<part>.py`; importing the parts
here registers them. What they share lives in `admin/base.py`."""

from . import (  # noqa: F401
    assessment,
    audit,
    bases,
    events,
    interviews,
    programmes,
    staff,
    training,
)
