"""Who may see and change what. Views call these; nothing else decides access.

- A curator or head manages their own organisation's programme.
- A coordinator (municipal or regional methodist) reads the organisations of her territory
  (every organisation when she has none: a one-region installation), changes nothing, and sees
  figures, not people: progress, counts, percentages, anonymous summaries (from 3 answers) and
  documents public by nature (the roadmap plan). Named personal data — the staff list,
  consents, answers with names, scores, interviews, attendance, the bases — is for the
  organisation's managers only (ТК РФ ст. 88: no employee's data to a third party without
  written consent).
- A teacher or psychologist sees only their own pages (questionnaires, pair).
- Records of another organisation answer 404, so that their existence is not revealed.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Organisation, Programme, StaffMember, User
from .models.org import Role


def can_manage(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.is_manager)


def can_read_programmes(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.is_manager or user.is_regional)


def can_see_names(user: User) -> bool:
    """May see named personal data of the organisations the user reads: managers only."""
    return can_manage(user)


def sees_all_organisations(user: User) -> bool:
    return user.is_superuser or (user.role == Role.REGIONAL and user.territory_id is None)


def is_coordinator(user: User) -> bool:
    return user.is_authenticated and user.role == Role.REGIONAL


def _role_required(check, *, write: bool):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(user):
                raise PermissionDenied
            if write and request.method not in ("GET", "HEAD", "OPTIONS") and not can_manage(user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def manager_required(view):
    """Curator, head (or superuser): may read and change their organisation's programme."""
    return _role_required(can_manage, write=True)(view)


def reader_required(view):
    """Curator, head, regional coordinator: may read; only managers may post.

    For pages of figures only; a page that names people takes `named_data_required`."""
    return _role_required(can_read_programmes, write=True)(view)


def named_data_required(view):
    """A page or export with named personal data (names with answers, consents, scores,
    observations, contacts): the organisation's curator or head (or a superuser). The regional
    coordinator gets 403; another organisation's records still answer 404 (`get_programme`)."""
    return _role_required(can_see_names, write=True)(view)


def coordinator_required(view):
    """The coordinator's own pages (the roll-up, adding kindergartens, returns); a superuser
    may open them too. Curators and heads get 403."""
    return _role_required(
        lambda user: user.is_superuser or user.role == Role.REGIONAL, write=False
    )(view)


def organisations_for(user: User) -> QuerySet[Organisation]:
    if sees_all_organisations(user):
        return Organisation.objects.all()
    if user.role == Role.REGIONAL:
        return Organisation.objects.filter(user.territory.organisations_q())
    if user.organisation_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=user.organisation_id)


def programmes_for(user: User) -> QuerySet[Programme]:
    return Programme.objects.filter(organisation__in=organisations_for(user))


def staff_for(user: User) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(organisation__in=organisations_for(user))


def get_programme(user: User, pk: int, *, write: bool = False) -> Programme:
    """The programme if the user may see it (and change it, with write), else 404/403."""
    try:
        programme = programmes_for(user).select_related("organisation", "curator").get(pk=pk)
    except Programme.DoesNotExist:
        raise Http404 from None
    if write and not (
        user.is_superuser or (user.is_manager and user.organisation_id == programme.organisation_id)
    ):
        raise PermissionDenied
    return programme


def user_organisation(user: User) -> Organisation:
    """The organisation a manager works in (creating records happens there)."""
    if user.organisation_id is None:
        raise PermissionDenied
    return user.organisation
