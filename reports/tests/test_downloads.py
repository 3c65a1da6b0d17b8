"""Every download is named by one function: the Russian name in `filename*=UTF-8''…`, an ASCII
fallback, nothing a typed name could inject into the header."""

from urllib.parse import quote, unquote

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from common.downloads import ascii_filename, clean_filename, content_disposition
from pairing.services import orders as order_services
from pairing.tests.test_orders import confirmed_pair, fill_and_register
from tests.factories_pair_work import plan_with_rows


def utf8_name(header: str) -> str:
    """The name a browser saves under: the `filename*` parameter, decoded (RFC 5987)."""
    value = next(p for p in params(header) if p.startswith("filename*="))
    charset, _language, encoded = value.removeprefix("filename*=").split("'", 2)
    assert charset == "UTF-8"
    return unquote(encoded, errors="strict")


def params(header: str) -> list[str]:
    """The header's parameters as a strict reader splits them (outside quoted strings)."""
    parts, current, quoted = [], "", False
    for char in header:
        if char == '"':
            quoted = not quoted
        if char == ";" and not quoted:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return parts


def test_a_russian_name_is_carried_in_utf8_with_an_ascii_fallback():
    header = content_disposition("Приказ № 45-о от 01.09.2025.pdf", inline=False)

    assert header.startswith("attachment; ")
    assert f"filename*=UTF-8''{quote('Приказ № 45-о от 01.09.2025.pdf')}" in header
    assert 'filename="Prikaz N 45-o ot 01.09.2025.pdf"' in header
    assert utf8_name(header) == "Приказ № 45-о от 01.09.2025.pdf"


def test_a_viewed_document_is_inline():
    assert content_disposition("План.pdf", inline=True).startswith("inline; ")


def test_an_order_number_cannot_inject_a_parameter_into_the_header():
    header = content_disposition('Приказ № 9.html"; x=".pdf', inline=False)

    assert params(header)[0] == "attachment"
    assert [p.split("=", 1)[0] for p in params(header)[1:]] == ["filename", "filename*"]
    assert header.count('"') == 2
    name = utf8_name(header)
    assert '"' not in name and ";" not in name


@given(st.text(max_size=60))
def test_no_name_breaks_the_header(name):
    header = content_disposition(name, inline=False)

    assert all(32 <= ord(c) < 127 for c in header)  # one line, ASCII only
    assert header.count('"') == 2
    assert [p.split("=", 1)[0] for p in params(header)] == ["attachment", "filename", "filename*"]
    assert clean_filename(name)
    assert ascii_filename(name).isascii()


@pytest.mark.parametrize(
    "name, cleaned",
    [
        ("../../etc/passwd", "etc passwd"),
        ("a\\b\r\nSet-Cookie: x", "a b Set-Cookie x"),
        ("", "document"),
        ('"";;', "document"),
    ],
)
def test_path_separators_and_control_characters_are_removed(name, cleaned):
    assert clean_filename(name) == cleaned


# --- The documents served ----------------------------------------------------------------


@pytest.fixture
def registered(programme, curator):
    confirmed_pair(programme, "Орлова", "Журавлёва")
    draft = order_services.order_draft(programme=programme, by=curator)
    return fill_and_register(draft, curator, number="45-о")


def test_the_order_pdf_is_named_in_russian_and_shown_unless_a_download_is_asked(
    curator_client, programme, registered
):
    url = reverse("pairing:order_pdf", args=[programme.pk, registered.pk])

    viewed = curator_client.get(url)["Content-Disposition"]
    saved = curator_client.get(url + "?download=1")["Content-Disposition"]

    expected = quote("Приказ № 45-о от 02.09.2024.pdf")
    assert (
        viewed
        == f"inline; filename=\"Prikaz N 45-o ot 02.09.2024.pdf\"; filename*=UTF-8''{expected}"
    )
    assert saved.startswith("attachment; ") and saved.endswith(expected)


def test_an_injected_order_number_reaches_the_header_harmless(curator_client, programme, curator):
    confirmed_pair(programme, "Орлова", "Журавлёва")
    draft = order_services.order_draft(programme=programme, by=curator)
    order = fill_and_register(draft, curator, number='9.html"; x="')

    header = curator_client.get(reverse("pairing:order_pdf", args=[programme.pk, order.pk]))[
        "Content-Disposition"
    ]

    assert [p.split("=", 1)[0] for p in params(header)] == ["inline", "filename", "filename*"]
    assert utf8_name(header) == "Приказ № 9.html x= от 02.09.2024.pdf"


def test_the_notices_pdf_is_named_after_the_order(curator_client, programme, registered):
    answer = curator_client.post(
        reverse("pairing:order_notices_print", args=[programme.pk, registered.pk]),
        {"everyone": "on"},
    )

    assert utf8_name(answer["Content-Disposition"]) == ("Уведомления к приказу № 45-о.pdf")
    assert "filename*=UTF-8''" in answer["Content-Disposition"]


def test_the_plan_pdf_is_named_after_the_mentee(curator_client, programme, curator):
    from tests.factories_pair_work import active_pairs, mentee_of

    pairing = active_pairs(programme, curator, 1)[0]
    plan = plan_with_rows(pairing, 1)
    mentee = mentee_of(pairing)

    header = curator_client.get(reverse("pairing:plan_pdf", args=[plan.pk]))["Content-Disposition"]

    assert "filename*=UTF-8''" in header
    assert utf8_name(header) == (
        f"Индивидуальный план — {mentee.last_name} "
        f"{mentee.first_name[0]}.{mentee.patronymic[0]}. (версия 1).pdf"
    )


def test_every_download_header_is_built_by_the_one_function():
    """No view names a file by hand: `Content-Disposition` and `FileResponse` appear only in
    common/downloads.py."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    skip = {".venv", "venv", "migrations", "tests", "node_modules", ".git"}
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if not skip & set(path.relative_to(root).parts)
        and path.relative_to(root) != Path("common/downloads.py")
        and (
            '"Content-Disposition"' in (text := path.read_text(encoding="utf-8"))
            or "FileResponse(" in text
            or "as_attachment" in text
        )
    ]
    assert found == []
