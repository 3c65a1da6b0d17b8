"""Load benchmark: many teachers opening their personal links at the same moment.

    .venv/bin/python bench/load.py --teachers 50
    .venv/bin/python bench/load.py --teachers 200
    .venv/bin/python bench/load.py --teachers 50 --think 0     # robots: no pause at all
    .venv/bin/python bench/load.py --teachers 50 --url http://127.0.0.1:8001   # a running server

Without --url it starts the production server through bin/serve (the script of `make serve`:
migrate, collectstatic, gunicorn with DJANGO_DEBUG=0 and the task worker) on 127.0.0.1 only,
on a fresh PostgreSQL database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
mentoring_load — a database whose name does not contain «load» is never dropped), and stops
it at the end. With --url it drives that server, which must use the same DATABASE_URL and SECRET_KEY
(export both before running the benchmark).

Teachers and their personal links are made through the project's own services. Then, all at
once, in three phases:

  flow          N teachers: open the link → consent → section 1 → section 2 → draft of the
                last section → submit → thanks;
  double-click  N other teachers do the same but press «Отправить» twice at the same moment;
  consent burst 20 other teachers each post «Даю согласие» 4 times at the same moment.

All of a phase's teachers start at the same instant. Before each thing a person sends — the
consent, each «Далее», the draft, «Отправить» — she reads and fills the page: a pause drawn
between half and one and a half times --think seconds (2 by default: far quicker than anyone
fills a section; a page shown after a redirect is fetched at once, as a browser does). With
--think 0 every teacher is a robot sending the next request the moment the last answers: not
50 people but 50 requests always in flight, the saturation case. The burst and the double
click stay simultaneous whatever --think says.

It prints p50/p95/max per step, the number of 5xx answers and of false «dead link» pages, the
server's own time per submit (from gunicorn's access log), and counts from the database: lost
responses, duplicate responses, duplicate valid consents. Every loop is bounded; traffic goes
to the loopback address only; the run stops by itself (DEADLINE seconds at most).
"""

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.databases import fresh_database  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/mentoring_load"
DEADLINE = 900  # seconds: the whole run, whatever happens
REQUEST_TIMEOUT = 120
BURST_TEACHERS, BURST_CLICKS = 20, 4
WARM_UP = 12  # teachers whose pages warm the server up before measuring, as in daily use
DEAD_LINK = "Ссылка не действует"


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, port: int, folder: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
        "DJANGO_DEBUG": "0",
        # A running server (--url) signs personal links with its own key: ours must be the same.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "load-" + secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "TASKS_IMMEDIATE": "0",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_ACCESS_LOG": str(folder / "access.log"),
        "WEB_ACCESS_FORMAT": '%(m)s "%(U)s?%(q)s" %(s)s %(D)s',
        "LOG_LEVEL": "ERROR",
        "PYTHON": sys.executable,
    }


def start_server(env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / "bin" / "serve")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(env["STATIC_ROOT"]).parent / "server.err", "wb"),  # noqa: SIM115
        start_new_session=True,  # one process group: stopped as one at the end
    )
    host, port = env["BIND"].split(":")
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped while starting: see server.err")
        try:
            connection = http.client.HTTPConnection(host, int(port), timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit("the server did not answer /healthz within 180 s")


def stop_server(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


# --- the teachers, made through the project's services ----------------------------------------


def setup_django(env: dict) -> None:
    for key in ("DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"):
        os.environ[key] = env[key]
    for key in ("DATABASE_URL", "TASKS_IMMEDIATE", "STATIC_ROOT", "MEDIA_ROOT"):
        os.environ[key] = env[key]
    import django

    django.setup()


def make_teachers(count: int, label: str) -> dict:
    """An organisation with a programme (its preset questionnaires), `count` teachers for each
    phase with a personal link to the mentee intake, and a few mentors to be named."""
    import datetime as dt

    from django.utils import timezone

    from programme import services
    from programme.models import Competency, MentorProfile, Organisation, StaffMember
    from surveys.services import invitations

    slug = f"load-{label}-{secrets.token_hex(3)}"
    org = Organisation.objects.create(full_name=f"БДОУ {slug}", short_name=slug, slug=slug)
    programme = services.programme_create(organisation=org, year=2025, title="Нагрузка")
    mentors = StaffMember.objects.bulk_create(
        StaffMember(organisation=org, last_name=f"Наставник{i}", first_name="Анна")
        for i in range(5)
    )
    MentorProfile.objects.bulk_create(
        MentorProfile(programme=programme, staff=m, status="ready") for m in mentors
    )
    groups = {}
    phases = (("flow", count), ("double", count), ("burst", BURST_TEACHERS), ("warm", WARM_UP))
    warm_people: list[int] = []
    for phase, size in phases:
        people = StaffMember.objects.bulk_create(
            StaffMember(
                organisation=org,
                last_name=f"Педагог{phase}{i}",
                first_name="Мария",
                position="vospitatel",
            )
            for i in range(size)
        )
        created, _ = invitations.invitations_create(
            questionnaire=programme.questionnaires.get(kind="mentee_intake"),
            staff=people,
            by=None,
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
        groups[phase] = [invitations.invitation_token(i) for i in created]
        if phase == "warm":
            warm_people = [p.pk for p in people]
    intake = programme.questionnaires.get(kind="mentee_intake")
    version = intake.versions.get()
    competency = Competency.objects.filter(organisation=org).first()
    sections = []
    for section in version.sections.order_by("order"):
        fields = {}
        for q in version.questions.filter(section=section).prefetch_related("choices"):
            if q.kind == "competencies":
                fields[f"q{q.pk}_c{competency.pk}"] = "1"
            elif q.kind == "number":
                fields[f"q{q.pk}"] = "2"
            elif q.kind == "single" and q.people_source:
                fields[f"q{q.pk}"] = str(mentors[0].pk)
            elif q.kind == "single":
                first = q.choices.order_by("order").first()
                fields[f"q{q.pk}"] = first.value or str(first.pk)
            elif q.kind in ("long_text", "short_text"):
                fields[f"q{q.pk}"] = "Хочу научиться работать с родителями."
        sections.append(fields)
    return {
        "programme_id": programme.pk,
        "groups": groups,
        "sections": sections,
        "warm_people": warm_people,
    }


# --- one teacher's browser: cookies by hand (they are Secure, as behind the HTTPS proxy) ------


class Teacher:
    def __init__(self, base: str, token: str, record, think: float = 0.0, seed: int = 0):
        parts = urllib.parse.urlparse(base)
        self.host, self.port = parts.hostname, parts.port
        self.token = token
        self.cookies: dict[str, str] = {}
        self.record = record
        self.think = think
        self.random = random.Random(seed)  # the same pauses on every run

    def pause(self) -> None:
        """Reading and filling the page before sending it."""
        if self.think > 0:
            time.sleep(self.think * self.random.uniform(0.5, 1.5))

    def request(self, step: str, method: str, path: str, form: dict | None = None):
        headers = {
            "Host": f"{self.host}:{self.port}",
            # What the HTTPS proxy sends (SECURE_PROXY_SSL_HEADER); the page is then «secure».
            "X-Forwarded-Proto": "https",
            "User-Agent": "bench/load.py",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}:{self.port}"
        start = time.perf_counter()
        status, text, location = 0, "", ""
        try:
            connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            status = answer.status
            text = answer.read().decode("utf-8", "replace")
            location = answer.getheader("Location", "")
            for header, value in answer.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            connection.close()
        except OSError as error:
            text = f"connection error: {error}"
        self.record(step, time.perf_counter() - start, status, text)
        return status, text, location

    def url(self, suffix: str = "", query: str = "") -> str:
        return f"/q/{self.token}/{suffix}" + (f"?{query}" if query else "")


def flow(teacher: Teacher, sections: list[dict], *, double_click: bool = False) -> None:
    teacher.request("open", "GET", teacher.url())
    teacher.request("consent page", "GET", teacher.url("consent/"))
    teacher.pause()
    teacher.request("consent", "POST", teacher.url("consent/"), {"agree": "on"})
    last = len(sections)
    for index, fields in enumerate(sections[:-1], start=1):
        teacher.request(f"section {index}", "GET", teacher.url(query=f"section={index}"))
        teacher.pause()
        teacher.request(
            "next", "POST", teacher.url(query=f"section={index}"), {**fields, "action": "next"}
        )
    teacher.request(f"section {last}", "GET", teacher.url(query=f"section={last}"))
    teacher.pause()
    teacher.request(
        "draft", "POST", teacher.url(query=f"section={last}"), {**sections[-1], "action": "save"}
    )
    submit_url = teacher.url(query=f"section={last}&submit=1")
    form = {**sections[-1], "action": "submit"}
    teacher.pause()
    if not double_click:
        teacher.request("submit", "POST", submit_url, form)
        teacher.request("thanks", "GET", teacher.url("thanks/"))
        return
    clicks = threading.Barrier(2)

    def click():
        clicks.wait()
        teacher.request("submit ×2", "POST", submit_url, form)

    both = [threading.Thread(target=click) for _ in range(2)]
    for thread in both:
        thread.start()
    for thread in both:
        thread.join(REQUEST_TIMEOUT + 10)


def consent_burst(teacher: Teacher) -> None:
    teacher.request("open", "GET", teacher.url("consent/"))
    clicks = threading.Barrier(BURST_CLICKS)

    def click():
        clicks.wait()
        teacher.request("consent burst", "POST", teacher.url("consent/"), {"agree": "on"})

    burst = [threading.Thread(target=click) for _ in range(BURST_CLICKS)]
    for thread in burst:
        thread.start()
    for thread in burst:
        thread.join(REQUEST_TIMEOUT + 10)


# --- measuring --------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.server_errors: dict[str, int] = defaultdict(int)
        self.failures: dict[str, int] = defaultdict(int)
        self.dead_links = 0

    def __call__(self, step: str, seconds: float, status: int, text: str) -> None:
        with self.lock:
            self.times[step].append(seconds)
            if status >= 500 or status == 0:
                self.server_errors[step] += 1
            elif status >= 400:
                self.failures[step] += 1
            if DEAD_LINK in text:
                self.dead_links += 1


def warm_up(base: str, tokens: list[str], sections: list[dict]) -> None:
    """A running server has drawn its pages before: every worker loads its templates once.
    A few teachers go through the whole questionnaire at once, unmeasured."""
    ignore = Recorder()
    teachers = [Teacher(base, token, ignore) for token in tokens]
    threads = [threading.Thread(target=flow, args=(t, sections)) for t in teachers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT)


def run_phase(teachers: list[Teacher], job, deadline: float) -> float:
    start = threading.Barrier(len(teachers))

    def run(teacher):
        start.wait()
        job(teacher)

    threads = [threading.Thread(target=run, args=(t,), daemon=True) for t in teachers]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(deadline - time.monotonic(), 0.1))
    if any(thread.is_alive() for thread in threads):
        print("deadline reached: some teachers did not finish", file=sys.stderr)
    return time.perf_counter() - began


def gunicorn_shape() -> tuple[str, str]:
    """Workers, worker class and threads of the running gunicorn, from its command line."""
    try:
        lines = subprocess.run(
            ["ps", "-eo", "args"], capture_output=True, text=True, timeout=10
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        lines = []
    for line in lines:
        found = re.search(
            r"gunicorn .*--workers (\d+) .*--worker-class (\w+) .*--threads (\d+)", line
        )
        if found:
            return found.group(1), f"{found.group(2)}, {found.group(3)} thread(s) each"
    return "?", "?"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def submit_server_times(log: Path, start: int = 0) -> list[float]:
    """The server's own time (ms) of every submit POST, from gunicorn's access log, from byte
    `start` on (what the warm-up wrote before is left out)."""
    times = []
    if not log.exists():
        return times
    with log.open("rb") as lines:
        lines.seek(start)
        for line in lines.read().decode(errors="replace").splitlines():
            match = re.match(r'POST "[^"]*submit=1[^"]*" (\d+) (\d+)', line)
            if match:
                times.append(int(match.group(2)) / 1000)
    return times


def database_counts(setup: dict) -> dict:
    from django.db.models import Count

    from surveys.models import Consent, Response

    programme_id = setup["programme_id"]
    # The warm-up's teachers are not measured.
    responses = Response.objects.filter(version__questionnaire__programme_id=programme_id).exclude(
        respondent__in=setup["warm_people"]
    )
    submitted = responses.filter(status="submitted").count()
    expected = len(setup["groups"]["flow"]) + len(setup["groups"]["double"])
    duplicates = (
        responses.values("respondent", "version__questionnaire")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    consents = (
        Consent.objects.filter(
            staff__organisation__programmes=programme_id,
            kind="processing",
            withdrawn_at__isnull=True,
        )
        .exclude(staff__in=setup["warm_people"])
        .values("staff")
        .annotate(n=Count("pk"))
    )
    return {
        "submitted": submitted,
        "expected": expected,
        "lost responses": expected - submitted,
        "duplicate responses": duplicates,
        "people with duplicate valid consents": sum(1 for row in consents if row["n"] > 1),
        "people with a valid consent": len(consents),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teachers", type=int, default=50, help="teachers per phase")
    parser.add_argument("--url", help="a running server (its DATABASE_URL must be ours)")
    parser.add_argument(
        "--think",
        type=float,
        default=2.0,
        help="mean pause in seconds before each thing a teacher sends (0: robots)",
    )
    args = parser.parse_args()
    if not 1 <= args.teachers <= 500:
        raise SystemExit("--teachers: from 1 to 500")
    if not 0 <= args.think <= 30:
        raise SystemExit("--think: from 0 to 30 seconds")
    deadline = time.monotonic() + DEADLINE
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    if not database_url.startswith("postgres"):
        raise SystemExit("the load benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    folder = Path(tempfile.mkdtemp(prefix="mentoring-load-"))
    server = None
    if args.url:
        base = args.url.rstrip("/")
        if urllib.parse.urlparse(base).hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("--url: the benchmark drives a server on this machine only")
        env = server_env(database_url, 0, folder)
        log = None
    else:
        port = free_port()
        fresh_database(database_url, marker="load")
        env = server_env(database_url, port, folder)
        print(f"starting bin/serve on 127.0.0.1:{port}, database {database_url} …")
        server = start_server(env)
        base = f"http://127.0.0.1:{port}"
        log = folder / "access.log"
    try:
        setup_django(env)
        setup = make_teachers(args.teachers, str(args.teachers))
        recorder = Recorder()
        phases = (
            ("flow", lambda t: flow(t, setup["sections"])),
            ("double-click", lambda t: flow(t, setup["sections"], double_click=True)),
            ("consent burst", consent_burst),
        )
        groups = {
            "flow": setup["groups"]["flow"],
            "double-click": setup["groups"]["double"],
            "consent burst": setup["groups"]["burst"],
        }
        warm_up(base, setup["groups"]["warm"], setup["sections"])
        time.sleep(1)  # gunicorn writes its access log as requests end
        log_start = log.stat().st_size if log is not None and log.exists() else 0
        took = {}
        for name, job in phases:
            think = 0.0 if name == "consent burst" else args.think
            teachers = [
                Teacher(base, token, recorder, think=think, seed=index)
                for index, token in enumerate(groups[name])
            ]
            took[name] = run_phase(teachers, job, deadline)
        counts = database_counts(setup)
        report(args.teachers, args.think, recorder, took, log, log_start, counts)
    finally:
        if server is not None:
            stop_server(server)


def report(
    count: int, think: float, recorder: Recorder, took: dict, log, log_start: int, counts: dict
) -> None:
    workers, kind = gunicorn_shape()
    pause = f"pause {think * 0.5:g}–{think * 1.5:g} s before each send" if think else "no pause"
    print(f"\n{count} teachers per phase, {pause}; gunicorn: {workers} workers ({kind})")
    for name, seconds in took.items():
        print(f"  phase {name}: {seconds:.1f} s")
    print(f"\n{'step':<15}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}{'5xx':>6}{'4xx':>6}")
    for step, values in recorder.times.items():
        print(
            f"{step:<15}{len(values):>6}{1000 * statistics.median(values):>10.0f}"
            f"{1000 * percentile(values, 0.95):>10.0f}{1000 * max(values):>10.0f}"
            f"{recorder.server_errors.get(step, 0):>6}{recorder.failures.get(step, 0):>6}"
        )
    print(f"\n5xx answers: {sum(recorder.server_errors.values())}")
    print(f"false dead-link pages: {recorder.dead_links}")
    if log is not None:
        server = submit_server_times(log, log_start)
        if server:
            print(
                f"server time per submit: p50 {statistics.median(server):.0f} ms, "
                f"p95 {percentile(server, 0.95):.0f} ms, max {max(server):.0f} ms "
                f"({len(server)} submits)"
            )
    for key, value in counts.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
