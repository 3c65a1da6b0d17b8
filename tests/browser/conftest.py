"""Chromium driven by Playwright against Django's live server, on SQLite and PostgreSQL alike.

Playwright's sync API keeps its asyncio loop marked as running in the test's thread for as long
as `sync_playwright()` is open. Django keeps database connections in an asgiref `Local`, which
holds them per thread when no loop runs and per context when one does: inside the Playwright
block the test (and every fixture set up after the browser) would get a second connection of its
own, which nothing closes. On PostgreSQL that session then blocks `DROP DATABASE test_…` at the
end of the run. So the browser fixture hands the thread's own connections to the Playwright
context: one connection per thread, closed by pytest-django as usual. The live server's request
threads close theirs after every request (CONN_MAX_AGE is 0 in the test settings).
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAS_CHROMIUM = os.path.exists(CHROMIUM)

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def pytest_collection_modifyitems(items):
    skip = pytest.mark.skip(reason="system Chromium is not installed")
    for item in items:
        if item.get_closest_marker("browser") and not HAS_CHROMIUM:
            item.add_marker(skip)


@pytest.fixture
def browser(monkeypatch, live_server):
    """A headless Chromium for one test; its pages reach the live server's database.

    Depends on live_server so that the test database (transactional: the server's threads
    see what the test wrote) is set up before the Playwright block takes the connections."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # The ORM checks for a running loop before every query; the loop here is Playwright's and
    # the test's code stays synchronous, so the check is off for this test only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    own = {alias: connections[alias] for alias in connections}
    with sync_playwright() as playwright:
        for alias, connection in own.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            chromium.close()
            # A connection the Playwright context opened on its own (an alias set up later) is
            # closed here, where it can still be seen.
            for connection in connections.all(initialized_only=True):
                if connection is not own.get(connection.alias):
                    connection.close()


def new_page(browser, **options):
    context = browser.new_context(locale="ru-RU", **options)
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def phone(browser):
    """A page in a phone-sized context (390×844, touch), Russian locale."""
    return new_page(browser, **PHONE)


def submit(page, act) -> None:
    """Do `act` (a click, a tap, a key press) and wait for the page it posts to to load.

    `wait_for_load_state()` after a click may return before the navigation has even started,
    and the test would read the old page."""
    with page.expect_navigation():
        act()
