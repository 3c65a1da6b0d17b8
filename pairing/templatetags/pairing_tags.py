"""«Моя пара» on a teacher's own page."""

from django import template

from ..selectors.pairings import my_pairings as my_pairings_of

register = template.Library()


@register.simple_tag
def my_pairings(staff):
    """A teacher's live pairs (as mentor or mentee) with her counterparts and the order."""
    return my_pairings_of(staff)
