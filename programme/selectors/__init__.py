"""Reads of the programme app reused by pages and documents, one module per part."""

from .roadmap import (
    Dashboard,
    programme_base_counts,
    programme_dashboard,
    programmes_with_progress,
    roadmap_stages,
)

__all__ = [
    "Dashboard",
    "programme_base_counts",
    "programme_dashboard",
    "programmes_with_progress",
    "roadmap_stages",
]
