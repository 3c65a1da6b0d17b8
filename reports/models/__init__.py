"""The records stage 7 adds: each part keeps its models in `models/<part>.py`."""

from .ceremony import Award, AwardDocument, Nomination, NominationKind

__all__ = ["Award", "AwardDocument", "Nomination", "NominationKind"]
