from . import access


def navigation(request):
    """What the navigation bar shows depends on the role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = None
    if access.can_read_programmes(user) and user.organisation_id:
        current = access.programmes_for(user).order_by("-year").only("pk", "year", "title").first()
    return {
        "nav_can_manage": access.can_manage(user),
        "nav_can_read": access.can_read_programmes(user),
        "nav_programme": current,
        "nav_is_coordinator": access.is_coordinator(user),
    }
