"""The records stage 7 adds: each part keeps its models in `models/<part>.py`."""

from .ceremony import Award, AwardDocument, Nomination, NominationKind
from .monitoring import MonitoringReport

__all__ = [
    "Award",
    "AwardDocument",
    "MonitoringReport",
    "Nomination",
    "NominationKind",
]
