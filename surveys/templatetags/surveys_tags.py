from django import template

from ..selectors import my_invitations

register = template.Library()


@register.simple_tag
def invitations_of(staff):
    """A teacher's open invitations, for «Моя страница»."""
    return list(my_invitations(staff)) if staff else []
