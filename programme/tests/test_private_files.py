"""Private files (issue 11, item 4): nothing under MEDIA_ROOT has a public address, in any
mode; downloads go through views that check who asks, under the uploaded name, while the stored
name is random; uploads are checked for being what they claim to be."""

import importlib
import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import Resolver404, clear_url_caches, resolve, reverse

from programme import services
from programme.exceptions import DomainError
from programme.services.events import EVENT_ATTACHMENT_RULE
from programme.services.training import material_add
from programme.uploads import UploadRule, check_upload
from surveys.models import ConsentChannel, ConsentKind
from surveys.services import consents
from tests.factories import StaffMemberFactory
from tests.files import docx_bytes, image_bytes, pdf_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

EVERYTHING = UploadRule(
    extensions=("pdf", "docx", "xlsx", "pptx", "odt", "jpg", "jpeg", "png"),
    max_bytes=5 * 1024 * 1024,
)


@pytest.fixture
def event(programme):
    import datetime as dt

    from django.utils import timezone

    return services.event_create(
        programme=programme,
        kind="informing",
        title="Педагогический час",
        starts_at=timezone.make_aware(dt.datetime(2024, 2, 6, 14, 0)),
    )


@pytest.fixture
def stored_files(programme, curator, event):
    """One file of every kind the product keeps: an event attachment, a training material,
    a signed consent scan."""
    attachment = services.event_add_attachment(
        event=event, upload=SimpleUploadedFile("Протокол педсовета №1.pdf", pdf_bytes())
    )
    material = material_add(
        programme=programme,
        title="Методичка",
        upload=SimpleUploadedFile("Методичка наставника.docx", docx_bytes()),
    )
    teacher = StaffMemberFactory(organisation=programme.organisation, last_name="Соколова")
    consent = consents.consent_give(
        staff=teacher,
        kind=ConsentKind.PROCESSING,
        channel=ConsentChannel.PAPER,
        scan=SimpleUploadedFile("Соколова_согласие.jpg", image_bytes("JPEG")),
        recorded_by=curator,
    )
    return {
        "attachment": (
            attachment.file,
            reverse(
                "programme:event_attachment_download", args=[programme.pk, event.pk, attachment.pk]
            ),
            "Протокол педсовета №1.pdf",
        ),
        "material": (
            material.file,
            reverse("programme:material_download", args=[programme.pk, material.pk]),
            "Методичка наставника.docx",
        ),
        "consent": (
            consent.scan,
            reverse("surveys:consent_scan", args=[programme.pk, consent.pk]),
            "Соколова_согласие.jpg",
        ),
    }


@pytest.fixture
def debug_urls():
    """The URL configuration as `make run` builds it (DEBUG on)."""
    import mentoring.urls

    with override_settings(DEBUG=True):
        importlib.reload(mentoring.urls)
        clear_url_caches()
        yield
    importlib.reload(mentoring.urls)
    clear_url_caches()


KINDS = ["attachment", "material", "consent"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_stored_file_has_a_random_name_and_keeps_the_uploaded_one(stored_files, kind):
    field_file, _url, uploaded = stored_files[kind]
    stored = field_file.name.rsplit("/", 1)[-1]

    assert uploaded.rsplit(".", 1)[0] not in field_file.name
    assert len(stored.split(".")[0]) == 32  # a uuid4, hex
    assert stored.endswith("." + uploaded.rsplit(".", 1)[-1])


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("mode", ["production", "debug"])
def test_an_anonymous_request_for_a_stored_file_address_is_404(stored_files, kind, mode, request):
    if mode == "debug":
        request.getfixturevalue("debug_urls")
    field_file, _url, _name = stored_files[kind]

    for address in (f"/media/{field_file.name}", field_file.url):
        with pytest.raises(Resolver404):
            resolve(address)  # no view at all serves the folder (the storage is in memory)
        response = Client().get(address)
        assert response.status_code == 404, address
        assert response.get("Content-Disposition") is None


@pytest.mark.parametrize("kind", KINDS)
def test_the_download_gives_the_uploaded_name_to_the_kindergartens_managers(
    stored_files, curator_client, head_client, kind
):
    field_file, url, uploaded = stored_files[kind]
    for client in (curator_client, head_client):
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == field_file.open("rb").read()
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment")
        # the uploaded name, in UTF-8 (RFC 5987)
        assert f"filename*=utf-8''{quote(uploaded)}".lower() in disposition.lower()
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("kind", KINDS)
def test_the_download_answers_no_one_else(
    stored_files, client, teacher_client, other_curator_client, regional_client, kind
):
    _field_file, url, _name = stored_files[kind]

    assert client.get(url).status_code == 302  # to the login page
    assert teacher_client.get(url).status_code in (403, 404)
    assert other_curator_client.get(url).status_code == 404
    if kind != "material":  # a training material is a document, not a person's data
        assert regional_client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("valid.pdf", pdf_bytes()),
        ("valid.png", image_bytes("PNG")),
        ("valid.jpg", image_bytes("JPEG")),
        ("valid.xlsx", xlsx_bytes()),
        ("valid.docx", docx_bytes()),
    ],
)
def test_a_real_file_of_each_kind_passes(name, content):
    check_upload(SimpleUploadedFile(name, content), EVERYTHING)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fake.pdf", b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>"),
        ("fake.pdf", b"%PDF-1.7\n" + b"\x00" * 500),
        ("random.docx", b"PK\x03\x04" + bytes(range(256)) * 8),
        ("notword.docx", _zip({"index.html": b"<script>alert(1)</script>"})),
        ("workbook.docx", xlsx_bytes()),  # a spreadsheet renamed to .docx
        ("document.xlsx", docx_bytes()),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"<html></html>" * 10),
        ("fake.jpg", b"\xff\xd8\xff" + b"MZ" * 100),
        ("photo.png", image_bytes("JPEG")),  # a JPEG named .png
        ("fake.odt", _zip({"mimetype": b"text/html"})),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(name, content):
    with pytest.raises(DomainError, match="не соответствует"):
        check_upload(SimpleUploadedFile(name, content), EVERYTHING)


def test_a_fake_pdf_is_refused_on_the_event_page(curator_client, programme, event):
    url = reverse("programme:event_attachment_add", args=[programme.pk, event.pk])
    fake = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4\n<html><script>1</script></html>")

    page = curator_client.post(url, {"title": "Протокол", "file": fake})

    assert page.status_code == 200  # the event page again, the message beside the field
    assert "не соответствует расширению .pdf" in page.content.decode()
    assert not event.attachments.exists()


def test_a_zip_of_random_bytes_is_refused_as_a_docx_material(curator_client, programme):
    url = reverse("programme:material_list", args=[programme.pk])
    fake = SimpleUploadedFile("metodichka.docx", b"PK\x03\x04" + bytes(range(256)) * 4)

    page = curator_client.post(url, {"title": "Методичка", "file": fake})

    assert page.status_code == 200
    assert "не соответствует расширению .docx" in page.content.decode()
    assert not programme.training_materials.exists()


def test_sizes_are_limited():
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (EVENT_ATTACHMENT_RULE.max_bytes + 1))
    with pytest.raises(DomainError, match="слишком большой"):
        check_upload(big, EVENT_ATTACHMENT_RULE)


def test_media_root_may_not_sit_in_a_static_folder():
    from django.conf import settings

    media = settings.MEDIA_ROOT.resolve()
    for folder in (settings.STATIC_ROOT, *settings.STATICFILES_DIRS):
        assert not media.is_relative_to(folder.resolve())
