"""Content-Security-Policy: every page type answers with the policy, and no template a browser
receives holds code the policy would refuse (inline scripts, style attributes or <style>, on…=
handlers, javascript: links). The scan reads the whole templates folder, so a template added
later is checked too. Pages are the accessibility test's table (every routed page, visited by
the person who uses it)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

TEMPLATES = Path(settings.BASE_DIR) / "templates"
REQUIRED = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}

INLINE_CODE = {
    "an inline <script>": re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I
    ),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
    "a style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.I),
    "an on…= handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "a javascript: link": re.compile(r"javascript:", re.I),
}


def _not_for_browsers(path: Path) -> str:
    """Why a template is never sent to a browser as a page, or ""."""
    if "emails" in path.relative_to(TEMPLATES).parts:
        return "an email: mail programs need inline styles; no CSP applies"
    text = path.read_text(encoding="utf-8")
    if path == TEMPLATES / "common" / "document.html" or re.search(
        r"{%\s*extends\s+[\"']common/document\.html[\"']", text
    ):
        return "a PDF document: WeasyPrint reads its <style>; the browser gets the PDF"
    return ""


def _page_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        if not _not_for_browsers(path):
            yield path


def test_the_scan_sees_the_templates_and_skips_only_emails_and_documents():
    pages = list(_page_templates())
    assert TEMPLATES / "base.html" in pages and TEMPLATES / "surveys" / "fill.html" in pages
    skipped = {p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")} - {
        p.relative_to(TEMPLATES).as_posix() for p in pages
    }
    assert "reports/roadmap.html" in skipped
    assert "pairing/documents/order.html" in skipped
    assert all(
        p.startswith(("reports/", "common/")) or "/emails/" in p or "/documents/" in p
        for p in skipped
    ), skipped


def test_no_template_holds_inline_script_style_or_handlers():
    found = []
    for path in _page_templates():
        text = path.read_text(encoding="utf-8")
        # Comments are not sent to the browser.
        text = re.sub(r"{#.*?#}", "", text)
        text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", text, flags=re.S)
        for what, pattern in INLINE_CODE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {what}")
    assert found == []


def _policy(response) -> set[str]:
    header = response.get("Content-Security-Policy", "")
    return {part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_every_page_type_sends_the_content_security_policy(client):
    """Each page of the accessibility table, as its person opens it, and what is not a page
    (a 404, a redirect, a refused method, a PDF) answers with the same policy."""
    from tests.browser.test_accessibility import VISITS, WHO, Demo

    demo = Demo()
    checked = 0
    for who, visits in VISITS.items():
        username = WHO[who][0]
        browser = Client()
        if username:
            browser.force_login(
                demo.ctx.users[username], backend="django.contrib.auth.backends.ModelBackend"
            )
        for visit in visits:
            path = visit.path(demo)
            response = browser.get(path)
            assert _policy(response) >= REQUIRED, f"{who} {path}: {response.status_code}"
            checked += 1
    assert checked > 60
    for path in ("/accounts/login/", "/no-such-page/", "/", "/admin/login/"):
        assert _policy(client.get(path)) >= REQUIRED, path
    assert "'unsafe-inline'" not in client.get("/accounts/login/")["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_document_and_a_refused_method_carry_the_policy_too(curator_client, programme):
    from django.urls import reverse

    pdf = curator_client.get(reverse("reports:roadmap_pdf", args=[programme.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert _policy(pdf) >= REQUIRED
    refused = curator_client.get(reverse("programme:programme_copy", args=[programme.pk]))
    assert refused.status_code == 405
    assert _policy(refused) >= REQUIRED


@pytest.mark.django_db
def test_the_public_page_carries_the_policy_without_inline_code(client, org, programme):
    """The page a kindergarten's site links to (7.6): the same strict policy, for anyone."""
    from django.urls import reverse

    from reports.services.public import public_page_save

    public_page_save(organisation=org, enabled=True, noindex=True, intro="О программе")
    page = client.get(reverse("reports:public_page", args=[org.slug]))
    assert page.status_code == 200
    assert _policy(page) >= REQUIRED
    body = page.content.decode()
    for what, pattern in INLINE_CODE.items():
        assert not pattern.search(body), what
    assert _policy(client.get(reverse("reports:public_feed", args=[org.slug]))) >= REQUIRED
