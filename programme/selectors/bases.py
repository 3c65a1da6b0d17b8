"""Reads of the mentee and mentor bases (2.3, 3.1, 3.4)."""


def register() -> None:
    """Register this part's roadmap progress providers and activity links (called by apps.py)."""
