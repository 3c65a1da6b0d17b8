"""What the audit trail records, in one list (django-auditlog).

Every create, change and delete of a model below becomes an entry with the actor (the user, or
«по личной ссылке» for a request made from a personal link), the time, the address and the
changed fields. `person` says how to find the staff record the row is about: the staff card
shows her history by it, and a withdrawal of consent anonymises her entries by it.

To audit a new model, add a line to AUDITED. Passwords, token hashes and nonces are never
recorded (EXCLUDED_EVERYWHERE and the per-model exclusions).
"""

from dataclasses import dataclass, field

from auditlog.middleware import AuditlogMiddleware
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import Resolver404, resolve

from mentoring.client_address import client_address

TOKEN_ACTOR = "по личной ссылке"
# Never written to the trail, whatever the model (added to every registration below).
EXCLUDED_EVERYWHERE = ("password", "token_hash", "token_nonce")


@dataclass(frozen=True)
class Audited:
    label: str  # «app_label.Model»
    person: str | None  # attribute path to the staff record's id, e.g. "response.respondent_id"
    exclude: tuple[str, ...] = ()
    m2m: tuple[str, ...] = ()
    also: tuple[str, ...] = field(default=())  # further paths, tried when the first is empty


AUDITED: list[Audited] = [
    # People and logins.
    Audited("programme.StaffMember", "pk"),
    Audited(
        "programme.User",
        "staff_member.pk",
        exclude=("password", "last_login"),
    ),
    # Bases (2.3, 3.4), preferences (5.2).
    Audited("programme.MenteeProfile", "staff_id"),
    Audited("programme.MenteeRequest", "mentee.staff_id"),
    Audited("programme.MentorProfile", "staff_id"),
    Audited("programme.MentorCompetency", "mentor.staff_id"),
    Audited("programme.Preference", "mentee.staff_id"),
    # Assessment and interviews (3.2, 4.1, 4.2, 7.4).
    Audited("programme.Score", "staff_id"),
    Audited("programme.Interview", "mentor.staff_id", m2m=("panel",)),
    # Consents, answers and third-party observations (2.1, 2.2, 3.3).
    Audited("surveys.Consent", "staff_id"),
    Audited("surveys.Response", "subject_id", also=("respondent_id",)),
    Audited("surveys.Answer", "response.subject_id", also=("response.respondent_id",)),
    # Pairings and orders (5.3, 5.4).
    Audited("pairing.Pairing", "mentor.staff_id"),
    Audited("pairing.Membership", "mentee.staff_id"),
    Audited("pairing.Order", None),
    Audited("pairing.OrderItem", None),
    # The pairs at work (6.1–6.8): plans, meetings, feedback asked, sign-in links, calendars.
    Audited("pairing.Plan", "membership.mentee.staff_id"),
    Audited("pairing.PlanActivity", "plan.membership.mentee.staff_id"),
    Audited("pairing.PlanComment", "author_staff_id", also=("plan.membership.mentee.staff_id",)),
    Audited("pairing.Meeting", "pairing.mentor.staff_id"),
    Audited("pairing.MeetingAttachment", "meeting.pairing.mentor.staff_id"),
    Audited("pairing.FeedbackRequest", "staff_id"),
    Audited("pairing.SignInLink", "staff_id"),
    Audited("pairing.CalendarFeed", "staff_id"),
]

_BY_MODEL: dict[type, Audited] = {}


def register_all() -> None:
    """Called once from the app's ready(): connects every model of AUDITED to the trail."""
    for item in AUDITED:
        model = apps.get_model(item.label)
        _BY_MODEL[model] = item
        if auditlog.contains(model):
            continue
        auditlog.register(
            model,
            exclude_fields=[*EXCLUDED_EVERYWHERE, *item.exclude],
            m2m_fields=set(item.m2m),
        )


def _follow(instance, path: str):
    value = instance
    for name in path.split("."):
        try:
            value = getattr(value, name)
        except ObjectDoesNotExist:
            return None
        if value is None:
            return None
    return value


def person_of(instance) -> int | None:
    """The id of the staff record a row is about, or None."""
    item = _BY_MODEL.get(type(instance))
    if item is None or item.person is None:
        return None
    for path in (item.person, *item.also):
        value = _follow(instance, path)
        if value is not None:
            return int(value)
    return None


class AuditMiddleware(AuditlogMiddleware):
    """The library's middleware (actor, address) plus «по личной ссылке» for requests made
    from a personal link: any route that takes a `token`."""

    @staticmethod
    def _get_remote_addr(request):
        # The library believes the leftmost X-Forwarded-For of anyone: a client could write any
        # address into the trail. The client's address as everywhere else (trusted proxies only).
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_address(request)

    def get_extra_data(self, request):
        data = super().get_extra_data(request)
        data["actor_label"] = TOKEN_ACTOR if _is_token_request(request) else ""
        return data


def _is_token_request(request) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return "token" in match.kwargs
