"""The records stage 7 adds: each part keeps its models in `models/<part>.py`."""

from .cases import Case, CaseMaterial, CaseStatus
from .ceremony import Award, AwardDocument, Nomination, NominationKind
from .closing import ArchiveJob
from .monitoring import MonitoringReport
from .public import PublicPage, PublicPhoto
from .returns import (
    IndicatorKind,
    OrganisationReturn,
    ReturnCollection,
    ReturnIndicator,
    ReturnReminder,
)

__all__ = [
    "ArchiveJob",
    "Award",
    "AwardDocument",
    "Case",
    "CaseMaterial",
    "CaseStatus",
    "IndicatorKind",
    "MonitoringReport",
    "Nomination",
    "NominationKind",
    "OrganisationReturn",
    "PublicPage",
    "PublicPhoto",
    "ReturnCollection",
    "ReturnIndicator",
    "ReturnReminder",
]
