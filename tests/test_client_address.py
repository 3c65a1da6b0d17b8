"""The client's real address behind the reverse proxy (issue 22 §2).

A simulated proxy: requests come from 127.0.0.1 (TRUSTED_PROXIES) and name the client in
X-Forwarded-For, as deploy/nginx-mentoring.conf does. Two clients behind it are counted apart by
the lockout (django-axes) and by every throttle; a client that connects directly and forges the
header gains nothing; a username locked out from one address still signs in from another, and
guessing it from many addresses slows it down without locking it."""

import datetime as dt

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from mentoring import throttle
from mentoring.client_address import client_address
from pairing.views.signin import REQUESTS_PER_IP
from programme.models import AuditEntry
from surveys.models import Consent, QuestionnaireKind
from surveys.services import invitations
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"
LOGIN = "/accounts/login/"
PASSWORD = "пароль-для-тестов-1"


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


def via_proxy(address: str) -> dict:
    """What a request looks like once nginx has passed it on for the client at `address`."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address, "HTTP_X_REAL_IP": address}


def forged(address: str) -> dict:
    """A client connecting directly (not through the proxy) that claims to be `address`."""
    return {"REMOTE_ADDR": "203.0.113.66", "HTTP_X_FORWARDED_FOR": address}


# --- The function -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trusted", "meta", "expected"),
    [
        # No trusted proxy configured: the headers are never read.
        ([], {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}, PROXY),
        # Through the proxy: the client it names.
        ([PROXY], via_proxy("198.51.100.7"), "198.51.100.7"),
        ([PROXY], {"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": "198.51.100.8"}, "198.51.100.8"),
        # Not from the proxy: the header is whatever the client wrote, ignored.
        ([PROXY], forged("198.51.100.7"), "203.0.113.66"),
        # An appending proxy: only the entry it added counts, never what the client prepended.
        (
            [PROXY],
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "10.9.9.9, 198.51.100.7"},
            "198.51.100.7",
        ),
        # Two proxies in a row (a network): the nearest address that is not one of them.
        (
            ["10.0.0.0/8", PROXY],
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.7, 10.1.2.3"},
            "198.51.100.7",
        ),
        # Garbage from the proxy: its own address, nothing invented.
        ([PROXY], {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "unknown"}, PROXY),
        (
            [PROXY],
            {"REMOTE_ADDR": "::ffff:127.0.0.1", "HTTP_X_REAL_IP": "2001:db8::5"},
            "2001:db8::5",
        ),
        ([PROXY], {"REMOTE_ADDR": ""}, None),
    ],
)
def test_the_client_address_is_read_from_the_headers_only_of_a_trusted_proxy(
    settings, trusted, meta, expected
):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/")
    request.META.update(meta)

    assert client_address(request) == expected


# --- Lockouts (django-axes) ---------------------------------------------------------------


def _login(client, username, password, meta):
    return client.post(LOGIN, {"username": username, "password": password}, **meta)


def _fail(times, username, meta):
    for _ in range(times):  # the last of AXES_FAILURE_LIMIT failures already answers 429
        assert _login(Client(), username, "не тот пароль", meta).status_code in (200, 429)


def test_a_username_locked_out_behind_the_proxy_still_signs_in_from_another_client(
    teacher, settings
):
    _fail(settings.AXES_FAILURE_LIMIT, "bob", via_proxy("198.51.100.7"))

    locked = _login(Client(), "bob", PASSWORD, via_proxy("198.51.100.7"))
    elsewhere = _login(Client(), "bob", PASSWORD, via_proxy("198.51.100.8"))

    assert locked.status_code == 429 and "Вход временно заблокирован" in locked.content.decode()
    assert elsewhere.status_code == 302 and elsewhere["Location"] == reverse("programme:home")


def test_a_username_locked_out_from_one_address_still_signs_in_from_another(teacher, settings):
    settings.TRUSTED_PROXIES = []
    _fail(settings.AXES_FAILURE_LIMIT, "bob", {"REMOTE_ADDR": "198.51.100.7"})

    assert _login(Client(), "bob", PASSWORD, {"REMOTE_ADDR": "198.51.100.7"}).status_code == 429
    assert _login(Client(), "bob", PASSWORD, {"REMOTE_ADDR": "198.51.100.8"}).status_code == 302


def test_forging_x_forwarded_for_does_not_escape_the_lockout(teacher, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _fail(1, "bob", forged(f"198.51.100.{i}"))

    again = _login(Client(), "bob", PASSWORD, forged("198.51.100.200"))

    assert again.status_code == 429


# --- The per-username slow-down -----------------------------------------------------------


@pytest.fixture
def waits(monkeypatch, settings):
    settings.LOGIN_SLOWDOWN_AFTER = 3
    settings.LOGIN_SLOWDOWN_SECONDS = 2.5
    recorded = []
    monkeypatch.setattr(throttle, "sleep", recorded.append)
    return recorded


def test_guessing_a_username_from_many_addresses_slows_it_down_without_locking_it(teacher, waits):
    for i in range(3):  # one failure from each address: no pair reaches the lockout
        _fail(1, "bob", via_proxy(f"198.51.100.{i}"))
    assert waits == []

    signed_in = _login(Client(), "bob", PASSWORD, via_proxy("198.51.100.50"))
    _fail(1, "BOB", via_proxy("198.51.100.51"))

    assert signed_in.status_code == 302  # slowed, not locked: the owner still gets in
    assert waits == [2.5, 2.5]  # every attempt past the ceiling, whatever the letter case
    assert throttle.login_delay("somebody-else") == 0


def test_successful_logins_do_not_count_towards_the_slow_down(teacher, waits):
    for i in range(5):
        assert _login(Client(), "bob", PASSWORD, via_proxy(f"198.51.100.{i}")).status_code == 302

    assert waits == []


# --- Throttles ----------------------------------------------------------------------------


def _signin_request(meta):
    return Client().post("/signin/", {"email": "nobody@example.org"}, **meta).status_code


def _signin_link_guess(meta):
    return Client().get(reverse("pairing:signin", args=["not-a-token"]), **meta).status_code


def _personal_link_guess(meta):
    return Client().get(reverse("surveys:fill", args=["not-a-token"]), **meta).status_code


THROTTLES = [
    pytest.param(_signin_request, REQUESTS_PER_IP, 200, id="signin-request"),
    pytest.param(_signin_link_guess, 3, 404, id="signin-link"),
    pytest.param(_personal_link_guess, 3, 404, id="personal-link"),
]


@pytest.fixture
def small_guess_limit(settings):
    settings.LINK_GUESS_LIMIT = 3


@pytest.mark.parametrize(("attempt", "limit", "fine"), THROTTLES)
def test_two_clients_behind_the_proxy_are_throttled_apart(small_guess_limit, attempt, limit, fine):
    answers = [attempt(via_proxy("198.51.100.7")) for _ in range(limit + 1)]
    neighbour = attempt(via_proxy("198.51.100.8"))

    assert answers[:limit] == [fine] * limit and answers[-1] == 429
    assert neighbour == fine


@pytest.mark.parametrize(("attempt", "limit", "fine"), THROTTLES)
def test_forging_x_forwarded_for_does_not_escape_a_throttle(
    small_guess_limit, attempt, limit, fine
):
    answers = [attempt(forged(f"198.51.100.{i}")) for i in range(limit + 1)]

    assert answers[:limit] == [fine] * limit and answers[-1] == 429


# --- What is recorded: the audit trail and the consent -------------------------------------


def _edit_phone(client, member, meta):
    data = {
        "last_name": member.last_name,
        "first_name": member.first_name,
        "patronymic": member.patronymic,
        "position": member.position,
        "experience_total": "3",
        "experience_here": "1",
        "category": member.category,
        "education": member.education,
        "email": member.email,
        "phone": "+7 900 000-00-02",
    }
    page = client.post(reverse("programme:staff_edit", args=[member.pk]), data, **meta)
    assert page.status_code == 302, page.content.decode()[:500]
    return AuditEntry.objects.get_for_object(member).filter(action=AuditEntry.Action.UPDATE).get()


def test_the_audit_trail_records_the_client_behind_the_proxy(curator_client, org):
    member = StaffMemberFactory(organisation=org)

    entry = _edit_phone(curator_client, member, via_proxy("198.51.100.7"))

    assert entry.remote_addr == "198.51.100.7"


def test_the_audit_trail_ignores_a_forged_x_forwarded_for(curator_client, org):
    member = StaffMemberFactory(organisation=org)

    entry = _edit_phone(curator_client, member, forged("198.51.100.7"))

    assert entry.remote_addr == "203.0.113.66"


def test_an_online_consent_records_the_client_behind_the_proxy(programme, teacher, curator):
    questionnaire = programme.questionnaires.get(kind=QuestionnaireKind.MENTEE_INTAKE)
    [invitation], _ = invitations.invitations_create(
        questionnaire=questionnaire,
        staff=[teacher.staff_member],
        by=curator,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    token = invitations.invitation_token(invitation)

    Client().post(
        reverse("surveys:fill_consent", args=[token]), {"agree": "on"}, **via_proxy("198.51.100.7")
    )

    assert Consent.objects.get(staff=teacher.staff_member).ip_address == "198.51.100.7"
