"""Admin access of the people who run a programme.

The curator and the head work in the Django admin as well as on the programme's pages; they get
the permissions of the programme's data through one group, and the admin itself limits every
list and every choice to their own organisation (programme/admin.py).
"""

from django.contrib.auth.models import Group, Permission

from ..models import User
from ..models.org import Role

MANAGERS_GROUP = "Кураторы и заведующие"
MANAGED_APPS = ("programme", "surveys", "pairing", "reports")
# Organisations and logins are managed by the superuser (or the region), not by a kindergarten.
EXCLUDED_MODELS = {("programme", "organisation"), ("programme", "user")}


def managers_group() -> Group:
    group, _ = Group.objects.get_or_create(name=MANAGERS_GROUP)
    wanted = [
        p
        for p in Permission.objects.filter(content_type__app_label__in=MANAGED_APPS).select_related(
            "content_type"
        )
        if (p.content_type.app_label, p.content_type.model) not in EXCLUDED_MODELS
    ]
    if set(group.permissions.values_list("pk", flat=True)) != {p.pk for p in wanted}:
        group.permissions.set(wanted)
    return group


def grant_admin_access(*, user: User) -> None:
    """A curator or head may enter the admin, with the programme's permissions."""
    if user.role not in (Role.CURATOR, Role.HEAD):
        return
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(managers_group())
