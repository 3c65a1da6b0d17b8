"""Production without a manual step: with DEBUG off the pages and the hashed static files are
served once `bin/serve` (make serve) has run collectstatic; /healthz answers the monitor."""

import datetime as dt
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent


def test_with_debug_off_the_login_page_and_a_hashed_static_file_are_served(tmp_path, settings):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    client = Client()  # a new handler: WhiteNoise reads the collected files when it starts

    login = client.get("/accounts/login/")

    assert login.status_code == 200
    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', login.content.decode())
    assert stylesheet, "the page names the hashed file of the manifest"
    css = client.get(stylesheet.group(1))
    assert css.status_code == 200
    assert "immutable" in css["Cache-Control"]


@pytest.mark.django_db
def test_healthz_says_the_database_answers_and_the_queue_is_empty(client):
    page = client.get("/healthz")
    assert page.status_code == 200
    assert page.json() == {
        "database": "ok",
        "oldest_pending_task_age_seconds": 0.0,
        "status": "ok",
    }


@pytest.mark.django_db
def test_healthz_reports_a_task_left_waiting_by_a_stopped_worker(client):
    from django_tasks_db.models import DBTaskResult

    from mentoring.health import TASK_AGE_LIMIT

    task = DBTaskResult.objects.create(
        args_kwargs={"args": [1, False], "kwargs": {}},
        task_path="surveys.tasks.send_invitation_email",
        backend_name="default",
        run_after=timezone.now() - dt.timedelta(seconds=TASK_AGE_LIMIT + 60),
    )
    DBTaskResult.objects.filter(pk=task.pk).update(
        enqueued_at=timezone.now() - dt.timedelta(seconds=TASK_AGE_LIMIT + 60)
    )

    page = client.get("/healthz")

    assert page.status_code == 503
    body = page.json()
    assert body["status"] == "tasks_stalled"
    assert body["oldest_pending_task_age_seconds"] > TASK_AGE_LIMIT
    assert set(body) == {"database", "oldest_pending_task_age_seconds", "status"}  # nothing else


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


@pytest.mark.skipif(sys.platform != "linux", reason="bin/serve is a bash script for Linux")
def test_bin_serve_starts_gunicorn_and_the_worker_with_production_settings(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "test-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "WEB_ACCESS_LOG": "/dev/null",
    }
    server = subprocess.Popen(
        [str(ROOT / "bin" / "serve")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: stopped as one below
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, _ = _get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, server.stderr.read().decode() if server.poll() is not None else ""
        # As the HTTPS proxy sends it (SECURE_PROXY_SSL_HEADER): no redirect, the real page.
        status, login = _get(f"{base}/accounts/login/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', login)
        assert stylesheet
        assert _get(base + stylesheet.group(1), **{"X-Forwarded-Proto": "https"})[0] == 200
        worker = subprocess.run(
            ["pgrep", "-g", str(server.pid), "-f", "db_worker"], capture_output=True, text=True
        )
        assert worker.stdout.strip(), "the task worker runs beside the web server"
        # One thread per worker by default: sync workers sharing the kernel's queue.
        web = subprocess.run(
            ["pgrep", "-a", "-g", str(server.pid), "-f", "gunicorn"], capture_output=True, text=True
        )
        assert "--worker-class sync" in web.stdout and "--workers 2" in web.stdout, web.stdout
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def _production_settings(**env) -> str:
    """The settings module imported as production imports it (DEBUG off), in a fresh process."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CACHE_", "DJANGO_", "DATABASE_URL"))
    }
    environment.update(
        DJANGO_DEBUG="0", SECRET_KEY="test-" + "x" * 60, ALLOWED_HOSTS="example.org", **env
    )
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, mentoring.settings as s; "
            "print(json.dumps([s.CACHES, s.SESSION_ENGINE, s.AXES_HANDLER]))",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_counts_throttles_in_the_shared_database_cache_by_default():
    answer = _production_settings()

    assert answer.returncode == 0, answer.stderr
    caches, sessions, axes = json.loads(answer.stdout)
    assert caches["default"] == {
        "BACKEND": "mentoring.cache.DatabaseCache",
        "LOCATION": "django_cache",
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
    assert sessions == "django.contrib.sessions.backends.db"
    assert axes == "axes.handlers.database.AxesDatabaseHandler"
    redis = json.loads(_production_settings(CACHE_URL="redis://127.0.0.1:6379/2").stdout)[0]
    assert redis["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_the_old_cache_backend_variable_is_refused_rather_than_silently_ignored():
    answer = _production_settings(CACHE_BACKEND="django.core.cache.backends.db.DatabaseCache")

    assert answer.returncode != 0
    assert "CACHE_URL" in answer.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="bin/serve is a bash script for Linux")
def test_a_second_app_server_with_serve_migrate_0_leaves_the_shared_database_alone(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "test-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "SERVE_MIGRATE": "0",
    }

    subprocess.run([str(ROOT / "bin" / "serve"), "prepare"], cwd=ROOT, env=env, check=True)

    assert (tmp_path / "static" / "staticfiles.json").exists(), "its own static files"
    if database.exists():  # neither migrated nor given the cache table
        with sqlite3.connect(database) as db:
            assert db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall() == []
