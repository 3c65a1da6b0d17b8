"""Safe links (issue 11, item 1): a stored address reaches href only as http(s) or a path of
this site — refused by the forms, the services and the admin, and dropped by the `safe_url`
filter for whatever is in the database already."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from programme import services
from programme.exceptions import DomainError
from programme.models import Material
from programme.services.training import material_add
from programme.validators import is_safe_url
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

UNSAFE = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "//evil.example/steal",
    "/\\evil.example/steal",
    "file:///etc/passwd",
    "ftp://files.example.org/a.pdf",
    "https:alert(1)",
]
SAFE = [
    "https://ds30.example.ru/docs/prikaz.pdf",
    "http://ds30.example.ru/",
    "HTTPS://DS30.EXAMPLE.RU/",
    "/programmes/1/events/2/",
]


@pytest.mark.parametrize("value", UNSAFE)
def test_an_unsafe_address_is_not_safe(value):
    assert not is_safe_url(value)


@pytest.mark.parametrize("value", SAFE)
def test_http_addresses_and_site_paths_are_safe(value):
    assert is_safe_url(value)


def _activity_post(activity, **changes):
    data = {
        "status": activity.status,
        "deadline_text": activity.deadline_text,
        "responsible_text": activity.responsible_text,
        "note": "",
        "evidence_label": "Приказ",
        "evidence_url": "",
    }
    data.update(changes)
    return data


def _field_error(content: str, field: str) -> str:
    """The text of the message shown right under a crispy field."""
    match = re.search(
        rf'id="id_{field}".*?<(?:div|span|p)[^>]*(?:invalid-feedback|error_)[^>]*>(.*?)</',
        content,
        re.S,
    )
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


@pytest.mark.parametrize("value", UNSAFE)
def test_the_activity_form_refuses_an_unsafe_evidence_link(curator_client, programme, value):
    activity = programme.activities.get(code="1.1")
    url = reverse("programme:activity_edit", args=[programme.pk, "1.1"])

    page = curator_client.post(url, _activity_post(activity, evidence_url=value))

    assert page.status_code == 200
    assert "http://" in _field_error(page.content.decode(), "evidence_url")
    activity.refresh_from_db()
    assert activity.evidence_url == ""


@pytest.mark.parametrize("value", SAFE)
def test_the_activity_form_keeps_a_safe_evidence_link(curator_client, programme, value):
    activity = programme.activities.get(code="1.1")
    url = reverse("programme:activity_edit", args=[programme.pk, "1.1"])

    page = curator_client.post(url, _activity_post(activity, evidence_url=value))

    assert page.status_code == 302
    activity.refresh_from_db()
    assert activity.evidence_url == value


@pytest.mark.parametrize("value", UNSAFE[:8])
def test_the_services_refuse_an_unsafe_link(programme, value):
    activity = programme.activities.get(code="1.1")
    with pytest.raises(DomainError, match="http"):
        services.activity_update(activity=activity, status="done", evidence_url=value)
    with pytest.raises(DomainError, match="http"):
        services.activity_mark_done(
            programme=programme, code="1.2", evidence_url=value, evidence_label="x"
        )
    with pytest.raises(DomainError, match="http"):
        material_add(programme=programme, title="Ссылка", url=value)
    activity.refresh_from_db()
    assert activity.evidence_url == ""
    assert not Material.objects.exists()


def test_the_material_form_refuses_a_script_link(curator_client, programme):
    page = curator_client.post(
        reverse("programme:material_list", args=[programme.pk]),
        {"title": "Методичка", "url": "javascript:alert(1)"},
    )

    assert page.status_code == 200
    assert "http" in _field_error(page.content.decode(), "url")
    assert not Material.objects.exists()


def _hrefs(content: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', content)


def _assert_no_unsafe_link(content: str, value: str) -> None:
    for address in _hrefs(content):
        assert "script" not in address.lower() and not address.lower().startswith("data:"), address
    assert f'href="{value}' not in content


@pytest.mark.parametrize("value", UNSAFE[:10])
def test_a_stored_unsafe_link_is_never_rendered_as_a_link(
    curator_client, head_client, regional_client, programme, value
):
    # As if it arrived before the validators, through SQL, an old import or a restore.
    programme.activities.filter(code="1.1").update(
        evidence_url=value, evidence_label="Подтверждение 1.1"
    )
    material = Material.objects.create(programme=programme, title="Подозрительная", url="x")
    Material.objects.filter(pk=material.pk).update(url=value)
    programme.organisation.__class__.objects.filter(pk=programme.organisation_id).update(site=value)
    pages = [
        (client, reverse("programme:dashboard", args=[programme.pk]))
        for client in (curator_client, head_client, regional_client)
    ] + [
        (curator_client, reverse("programme:material_list", args=[programme.pk])),
        (regional_client, reverse("programme:material_list", args=[programme.pk])),
        (Client(), reverse("reports:join", args=[programme.organisation.slug])),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_no_unsafe_link(response.content.decode(), value)
    dashboard = curator_client.get(reverse("programme:dashboard", args=[programme.pk]))
    assert "Подтверждение 1.1" in dashboard.content.decode()  # the label stays, as text
    download = curator_client.get(
        reverse("programme:material_download", args=[programme.pk, material.pk])
    )
    assert download.status_code == 404


def test_a_safe_stored_link_is_rendered_as_a_link(curator_client, programme):
    programme.activities.filter(code="1.1").update(
        evidence_url="https://ds30.example.ru/prikaz.pdf", evidence_label="Приказ"
    )
    content = curator_client.get(reverse("programme:dashboard", args=[programme.pk])).content

    assert 'href="https://ds30.example.ru/prikaz.pdf"' in content.decode()


@pytest.mark.parametrize(("value", "shown"), [("javascript:alert(1)", ""), (" /a/ ", "/a/")])
def test_the_safe_url_filter_is_loaded_for_every_template(value, shown):
    assert Template("{{ value|safe_url }}").render(Context({"value": value})) == shown


def test_the_admin_refuses_a_script_link_of_a_material(admin_client, programme):
    material = material_add(
        programme=programme,
        title="Методичка",
        upload=SimpleUploadedFile("m.pdf", pdf_bytes()),
    )
    Material.objects.filter(pk=material.pk).update(file="", url="https://example.org/")
    url = reverse("admin:programme_material_change", args=[material.pk])

    page = admin_client.post(
        url,
        {"programme": programme.pk, "title": "Методичка", "url": "javascript:alert(1)"},
    )

    assert page.status_code == 200
    assert "http://" in page.content.decode()
    material.refresh_from_db()
    assert material.url == "https://example.org/"


# Addresses the product makes itself (reverse(), the signed personal links), never typed.
MADE_BY_THE_PRODUCT = {
    "link",
    "flow.fill_url",
    "flow.withdraw_url",
    "step.url",
    "column.href",  # the roll-up's sort links: its own query string
    "p.href",  # the roll-up's page links
}


def test_every_template_puts_a_stored_address_into_href_through_safe_url():
    from pathlib import Path

    from django.conf import settings

    found = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            for value in re.findall(r'(?:href|src|action)="\{\{\s*([^}]*?)\s*\}\}', text):
                if "|safe_url" not in value and value not in MADE_BY_THE_PRODUCT:
                    found.append(f"{path.relative_to(folder)}: {value}")
    assert found == [], "pass stored addresses through |safe_url"
