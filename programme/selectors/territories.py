"""Reads of the coordinator's kindergartens list (issue 24 §1)."""

from django.db.models import Count, Q

from .. import access
from ..models import User
from ..models.org import Role


def kindergartens_of(user: User):
    """Her territory's kindergartens with their curators: invited (not signed in yet) and
    working. Two counts, one query, whatever the number of kindergartens."""
    curators = Q(users__role=Role.CURATOR, users__is_active=True)
    return (
        access.organisations_for(user)
        .select_related("territory")
        .annotate(
            curators_waiting=Count("users", filter=curators & Q(users__last_login__isnull=True)),
            curators_working=Count("users", filter=curators & Q(users__last_login__isnull=False)),
        )
        .order_by("territory__name", "short_name")
    )
