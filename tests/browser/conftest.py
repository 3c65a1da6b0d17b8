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
        CSP_VIOLATIONS.clear()
        try:
            yield chromium
        finally:
            chromium.close()
            # A connection the Playwright context opened on its own (an alias set up later) is
            # closed here, where it can still be seen.
            for connection in connections.all(initialized_only=True):
                if connection is not own.get(connection.alias):
                    connection.close()
    if CSP_VIOLATIONS:
        pytest.fail("the Content-Security-Policy refused:\n" + "\n".join(CSP_VIOLATIONS))


def new_page(browser, **options):
    """A page in a new context; what the browser refuses under the Content-Security-Policy is
    collected and fails the test (see `browser`)."""
    context = browser.new_context(locale="ru-RU", **options)
    context.set_default_timeout(10_000)
    context.on("console", _note_csp_violation)
    return context.new_page()


CSP_VIOLATIONS: list[str] = []


def _note_csp_violation(message) -> None:
    # Chromium reports each refusal as a console error: «Refused to apply inline style because
    # it violates the following Content Security Policy directive: …».
    if message.type == "error" and "Content Security Policy" in message.text:
        CSP_VIOLATIONS.append(f"{message.page.url if message.page else ''}: {message.text}")


# The rules of WCAG 2.0 and 2.1, levels A and AA, and axe's best practices (skip links,
# landmarks, headings): the set the accessibility audit of issue #14 used.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SERIOUS = {"critical", "serious"}


def axe_problems(page) -> list[tuple[str, str]]:
    """axe-core's problems on the page, one per element: (impact, «rule: selector — html»)."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    found = []
    for rule in Axe().run(page, options=options).response["violations"]:
        for node in rule["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            found.append((rule["impact"], f"{rule['id']}: {target} — {node['html'][:150]}"))
    return found


def serious_problems(page) -> list[str]:
    """The serious and critical ones of `axe_problems`."""
    return [line for impact, line in axe_problems(page) if impact in SERIOUS]


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
