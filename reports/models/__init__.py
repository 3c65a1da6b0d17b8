"""The records stage 7 adds: each part keeps its models in `models/<part>.py`."""

from .ceremony import Award, AwardDocument, Nomination, NominationKind
from .closing import ArchiveJob

__all__ = ["ArchiveJob", "Award", "AwardDocument", "Nomination", "NominationKind"]
