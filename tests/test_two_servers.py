"""Two app servers behind one proxy, as production runs them: two `bin/serve web` (gunicorn, two
workers each) on different ports and two `bin/serve worker` against one PostgreSQL database
and one shared cache (CACHE_URL=db://). Nothing may live in one process: a link guessed on one
server and then on the other is throttled across both, a sign-in link used on one is dead on
the other (and the session it opened works on both), a queued task runs once."""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from pairing.models import SignInLink
from pairing.services import signin as signin_services
from tests.factories import OrganisationFactory, StaffMemberFactory

ROOT = Path(__file__).resolve().parent.parent
CACHE_TABLE = "two_servers_cache"
GUESS_LIMIT = 3
HTTPS = {"X-Forwarded-Proto": "https"}  # as the proxy sends it (SECURE_PROXY_SSL_HEADER)

pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="bin/serve is a bash script for Linux"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several app servers share one PostgreSQL; SQLite is a single machine's file",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "", safe="")
    password = urllib.parse.quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Server:
    """One app server seen through its port: requests as the HTTPS proxy forwards them."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, *, cookies=None):
        headers = {**HTTPS, "Host": f"127.0.0.1:{self.port}"}
        jar = self.cookies if cookies is None else cookies
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        link = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            link.request(method, path, body=body, headers=headers)
            answer = link.getresponse()
            text = answer.read().decode("utf-8", "replace")
            for header, value in answer.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    jar[name] = rest.split(";", 1)[0]
            return answer.status, answer.getheader("Location"), text
        finally:
            link.close()

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path: str, form: dict):
        """GET the page for its CSRF token, then POST the form with it."""
        status, _, page = self.get(path)
        assert status == 200, (status, path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **form})


def _forget_counts() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(CACHE_TABLE)}")


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped as one below
    )


def _stop(processes: list[subprocess.Popen]) -> None:
    """All at once: gunicorn's and the worker's quick stop (SIGINT), then SIGKILL if need be."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        os.killpg(process.pid, signal.SIGINT)
    for process in running:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def two_servers(transactional_db, tmp_path):
    base_env = {
        **os.environ,
        "PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
        "DJANGO_DEBUG": "0",
        # The links' tokens are derived with the secret key: the test's, to make links here.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": _database_url(),
        "DB_CONN_MAX_AGE": "0",  # nothing left connected when the test database is dropped
        "CACHE_URL": f"db://{CACHE_TABLE}",
        "LINK_GUESS_LIMIT": str(GUESS_LIMIT),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "MEDIA_ROOT": str(tmp_path / "media"),  # the shared folder
        "WEB_CONCURRENCY": "2",
        "WEB_ACCESS_LOG": "/dev/null",
        "TASK_INTERVAL": "0.2",
        # The test database is made without migrations (pytest --nomigrations): nobody migrates;
        # the cache table is made once below, as the first server's `bin/serve` would.
        "SERVE_MIGRATE": "0",
    }
    base_env.pop("TASKS_IMMEDIATE", None)
    subprocess.run(
        [sys.executable, "manage.py", "createcachetable"],
        cwd=ROOT,
        env=base_env,
        check=True,
        capture_output=True,
    )
    _forget_counts()  # a reused test database keeps the last run's counts

    processes, servers, worker_logs = [], [], []
    try:
        for name in ("a", "b"):
            port = _free_port()
            env = {
                **base_env,
                "BIND": f"127.0.0.1:{port}",
                "STATIC_ROOT": str(tmp_path / f"static-{name}"),  # each machine's own
            }
            processes.append(
                _start([str(ROOT / "bin" / "serve"), "web"], env, tmp_path / f"web-{name}.log")
            )
            servers.append(Server(port))
            log = tmp_path / f"worker-{name}.log"
            processes.append(_start([str(ROOT / "bin" / "serve"), "worker"], base_env, log))
            worker_logs.append(log)
        deadline = time.monotonic() + 60
        for server, process in zip(servers, processes[::2], strict=True):
            while True:
                assert process.poll() is None, (tmp_path / "web-a.log").read_text()[-3000:]
                assert time.monotonic() < deadline, "the app server did not start in 60 s"
                try:
                    if server.get("/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.3)
        yield servers[0], servers[1], worker_logs
    finally:
        _stop(processes)


def test_two_app_servers_share_throttles_sign_in_links_sessions_and_the_task_queue(two_servers):
    """One start of the servers (about 20 s on two cores) for the three checks below."""
    a, b, worker_logs = two_servers
    links_guessed_on_one_server_and_then_the_other_are_throttled_across_both(a, b)
    _forget_counts()
    a_sign_in_link_used_on_one_server_is_dead_on_the_other(a, b)
    a_task_queued_by_one_server_runs_once_with_two_workers(a, b, worker_logs)


def links_guessed_on_one_server_and_then_the_other_are_throttled_across_both(a, b):
    for prefix in ("/q/", "/signin/"):  # a questionnaire's personal link, a sign-in link
        answers = [
            server.get(f"{prefix}wrong-token-{attempt}/")[0]
            for attempt, server in enumerate([a, b, a, b, a])
        ]

        # Four gunicorn processes counting on their own would each still be under the limit.
        assert answers == [404] * GUESS_LIMIT + [429, 429], (prefix, answers)


def a_sign_in_link_used_on_one_server_is_dead_on_the_other(a, b):
    staff = StaffMemberFactory(
        organisation=OrganisationFactory(), last_name="Журавлёва", email="zh@example.org"
    )
    link = signin_services.signin_link_create(staff=staff, channel="printed")
    path = f"/signin/{signin_services.link_token(link)}/"
    assert b.get(path)[0] == 200, "the page with the button spends nothing"

    status, location, _ = a.post_form(path, {})

    assert (status, location) == (302, "/me/")
    assert SignInLink.objects.get(pk=link.pk).used_at is not None
    assert b.get(path)[0] == 404
    assert b.request("POST", path, {})[0] in (403, 404)  # no token, no sign-in either way
    # The session opened on one server is known to the other (sessions in the database).
    assert b.get("/me/", cookies=dict(a.cookies))[0] == 200


def a_task_queued_by_one_server_runs_once_with_two_workers(a, b, worker_logs):
    organisation = OrganisationFactory()
    emails = [f"teacher{n}@example.org" for n in range(6)]
    for n, email in enumerate(emails):
        StaffMemberFactory(organisation=organisation, last_name=f"Педагог{n}", email=email)

    for n, email in enumerate(emails):  # each request queues a task; its letter another one
        status, _, page = (a if n % 2 else b).post_form("/signin/", {"email": email})
        assert status == 200 and "отправлено письмо" in page

    deadline = time.monotonic() + 30
    sent = SignInLink.objects.filter(staff__email__in=emails)
    while sent.count() < len(emails) or _unsent(worker_logs, emails):
        assert time.monotonic() < deadline, _unsent(worker_logs, emails)
        time.sleep(0.3)
    time.sleep(1)  # a second run, if any, would have printed its letter by now

    assert sorted(sent.values_list("staff__email", flat=True)) == emails  # one link each
    letters = "".join(log.read_text(errors="replace") for log in worker_logs)
    for email in emails:
        assert len(re.findall(rf"^To: {re.escape(email)}$", letters, re.M)) == 1, email


def _unsent(worker_logs, emails) -> list[str]:
    letters = "".join(log.read_text(errors="replace") for log in worker_logs)
    return [email for email in emails if f"To: {email}" not in letters]
