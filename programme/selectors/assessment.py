"""Reads of assessment, interviews and training (3.2, 4.1–4.4)."""


def register() -> None:
    """Register this part's roadmap progress providers and activity links (called by apps.py)."""
