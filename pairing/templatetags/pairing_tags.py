"""«Моя пара» on a teacher's own page."""

from django import template

from ..selectors.pairings import early_ends_of, programme_early_ends_of
from ..selectors.pairings import my_pairings as my_pairings_of

register = template.Library()


@register.simple_tag
def my_pairings(staff):
    """A teacher's live pairs (as mentor or mentee) with her counterparts and the order."""
    return my_pairings_of(staff)


@register.simple_tag
def my_recent_ends(staff):
    """A teacher's pairs ended early in the last weeks (she was in them to their end)."""
    return early_ends_of(staff)


@register.simple_tag
def programme_early_ends(programme):
    """The programme's early ends scheduled or done lately, for the curator's dashboard."""
    return programme_early_ends_of(programme)
