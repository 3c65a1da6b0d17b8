"""Files built to stall or exhaust the server (issue #22 §1): each is a few kilobytes on disk
and asks a naive parser for minutes of CPU or gigabytes of memory. Every one is refused with
«Файл слишком большой или повреждён: …» within 2 seconds and 100 MB (measured here: the wall
clock with `time.perf_counter`, the peak of Python's allocations with `tracemalloc`).

The staff lists are refused by the preview (what the background task runs), the scans and
evidence files by the check every upload goes through."""

import io
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from programme.exceptions import DomainError
from programme.file_limits import MAX_IMAGE_PIXELS
from programme.services import staff_import
from programme.uploads import check_upload
from surveys.services.consents import SCAN_RULE

pytestmark = pytest.mark.django_db

SECONDS = 2.0
MEGABYTES = 100
REFUSAL = "Файл слишком большой или повреждён: "


def refused_quickly(call) -> str:
    """Run `call`, which must raise the Russian refusal within the time and memory limits.

    Timed on its own, then run again under tracemalloc for the memory peak (tracing slows
    Python's allocations many times over, so the clock would measure tracemalloc)."""
    started = time.perf_counter()
    with pytest.raises(DomainError) as caught:
        call()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        with pytest.raises(DomainError):
            call()
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.message.startswith(REFUSAL), caught.value.message
    assert elapsed < SECONDS, f"{elapsed:.1f} s"
    assert peak < MEGABYTES * 1024 * 1024, f"{peak / 1024 / 1024:.0f} MB"
    return caught.value.message


def preview(org, content: bytes, name: str):
    return staff_import.staff_import_preview(organisation=org, content=content, filename=name)


# --- building the bombs -----------------------------------------------------------------------

ODS_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
    "<office:body><office:spreadsheet>"
)
ODS_CLOSE = "</office:spreadsheet></office:body></office:document-content>"
HEADER_ROW = (
    '<table:table-row><table:table-cell office:value-type="string"><text:p>ФИО</text:p>'
    '</table:table-cell><table:table-cell office:value-type="string"><text:p>Должность'
    "</text:p></table:table-cell></table:table-row>"
)


def _ods_cell(text: str, attributes: str = "") -> str:
    return (
        f'<table:table-cell office:value-type="string"{attributes}><text:p>{text}</text:p>'
        "</table:table-cell>"
    )


def ods(content, *, prolog: str = "") -> bytes:
    """An .ods whose content.xml is `content`: a string, or chunks (bytes) streamed into the
    archive, so that hundreds of megabytes are never held by the test."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        info = zipfile.ZipInfo("content.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as stream:
            if isinstance(content, str):
                stream.write((prolog + content).encode())
            else:
                for chunk in content:
                    stream.write(chunk)
    return buffer.getvalue()


def ods_sheet(rows: str) -> bytes:
    return ods(
        f'{ODS_OPEN}<table:table table:name="Лист1">{HEADER_ROW}{rows}</table:table>{ODS_CLOSE}'
    )


def repeated(head: str, unit: str, total_bytes: int, tail: str):
    """`head`, then `unit` repeated to about `total_bytes`, then `tail` — as chunks."""
    yield head.encode()
    block = (unit * (1024 * 1024 // len(unit))).encode()
    for _ in range(total_bytes // len(block)):
        yield block
    yield tail.encode()


PACKAGE = "http://schemas.openxmlformats.org/package/2006/"
RELATION = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml."
XLSX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Types xmlns="{PACKAGE}content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{SPREADSHEET}worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    f'ContentType="{SPREADSHEET}sharedStrings+xml"/>'
    "</Types>"
)
XLSX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Relationships xmlns="{PACKAGE}relationships">'
    f'<Relationship Id="rId1" Type="{RELATION}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
XLSX_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    f' xmlns:r="{RELATION}">'
    '<sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
XLSX_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Relationships xmlns="{PACKAGE}relationships">'
    f'<Relationship Id="rId1" Type="{RELATION}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELATION}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
XLSX_HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>ФИО</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Должность</t></is></c></row>'
)
NO_STRINGS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0"/>'
)


def xlsx(*, sheet, strings=NO_STRINGS) -> bytes:
    """A minimal .xlsx; `sheet` and `strings` are strings or chunks (bytes), streamed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", XLSX_TYPES)
        archive.writestr("_rels/.rels", XLSX_RELS)
        archive.writestr("xl/workbook.xml", XLSX_WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", XLSX_WORKBOOK_RELS)
        for name, content in (
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/sharedStrings.xml", strings),
        ):
            with archive.open(name, "w", force_zip64=True) as stream:
                for chunk in [content.encode()] if isinstance(content, str) else content:
                    stream.write(chunk)
    return buffer.getvalue()


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def png(width: int, height: int) -> bytes:
    """A valid PNG header for an image of width × height (grey), with a tiny first IDAT."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * (width + 1) * 4)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf_page_tree_bomb(levels: int = 40) -> bytes:
    """A PDF whose page tree names the same subtree twice at every level: 2**levels pages to
    anyone who walks it, in a few kilobytes."""
    objects = ["<< /Type /Catalog /Pages 3 0 R >>", "<< /Type /Page /MediaBox [0 0 10 10] >>"]
    for level in range(levels):
        number = 3 + level
        child = number + 1 if level < levels - 1 else 2
        parent = "" if level == 0 else f" /Parent {number - 1} 0 R"
        objects.append(
            f"<< /Type /Pages /Kids [{child} 0 R {child} 0 R] /Count {2 ** (levels - level)}"
            f"{parent} >>"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


# --- the staff lists --------------------------------------------------------------------------


def test_ods_cell_of_a_hundred_million_spaces_is_refused(org):
    content = ods_sheet(
        "<table:table-row>"
        + _ods_cell('Иванова Мария<text:s text:c="100000000"/>Петровна')
        + _ods_cell("воспитатель")
        + "</table:table-row>"
    )
    assert len(content) < 2000

    assert "знаков" in refused_quickly(lambda: preview(org, content, "staff.ods"))


def test_ods_filled_row_repeated_a_billion_times_is_refused(org):
    content = ods_sheet(
        '<table:table-row table:number-rows-repeated="1000000000">'
        + _ods_cell("Иванова Мария Петровна")
        + _ods_cell("воспитатель")
        + "</table:table-row>"
    )

    assert "повтор" in refused_quickly(lambda: preview(org, content, "staff.ods"))


def test_ods_filled_cell_repeated_past_the_last_column_is_refused(org):
    content = ods_sheet(
        "<table:table-row>"
        + _ods_cell("Иванова Мария Петровна")
        + _ods_cell("воспитатель", ' table:number-columns-repeated="2000000000"')
        + "</table:table-row>"
    )

    assert "столбц" in refused_quickly(lambda: preview(org, content, "staff.ods"))


def test_ods_of_a_million_unclosed_sheet_tags_is_refused(org):
    # Under the compression check (1 MB unpacked): it is the XML parser that refuses it, at the
    # second «<»; a search of the raw XML for sheet names went quadratic on it.
    content = ods(ODS_OPEN + "<table:table " * 80_000)
    assert len(content) < 10_000

    assert "XML" in refused_quickly(lambda: preview(org, content, "staff.ods"))


def test_ods_of_300_mb_of_empty_rows_packed_small_is_refused(org):
    content = ods(
        repeated(
            f'{ODS_OPEN}<table:table table:name="Лист1">{HEADER_ROW}',
            "<table:table-row><table:table-cell/></table:table-row>",
            300 * 1024 * 1024,
            f"</table:table>{ODS_CLOSE}",
        )
    )
    assert len(content) < 2 * 1024 * 1024

    assert "сжата" in refused_quickly(lambda: preview(org, content, "staff.ods"))


def test_ods_with_billion_laughs_entities_is_refused(org):
    content = ods(
        f'{ODS_OPEN}<table:table table:name="Лист1"><table:table-row>'
        f"{_ods_cell('&lol9;')}</table:table-row></table:table>{ODS_CLOSE}".replace(
            '<?xml version="1.0" encoding="UTF-8"?>', ""
        ),
        prolog=BILLION_LAUGHS,
    )

    assert "DOCTYPE" in refused_quickly(lambda: preview(org, content, "staff.ods"))


def test_xlsx_row_of_300_mb_of_empty_cells_packed_small_is_refused(org):
    content = xlsx(
        sheet=repeated(
            f'{SHEET_OPEN}<sheetData>{XLSX_HEADER}<row r="2">',
            "<c/>",
            300 * 1024 * 1024,
            "</row></sheetData></worksheet>",
        )
    )
    assert len(content) < 2 * 1024 * 1024

    assert "сжата" in refused_quickly(lambda: preview(org, content, "staff.xlsx"))


def test_xlsx_shared_strings_of_200_mb_packed_small_is_refused(org):
    strings = repeated(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
        "<si><t>Иванова</t></si>",
        200 * 1024 * 1024,
        "</sst>",
    )
    content = xlsx(
        sheet=f"{SHEET_OPEN}<sheetData>{XLSX_HEADER}</sheetData></worksheet>", strings=strings
    )

    assert "сжата" in refused_quickly(lambda: preview(org, content, "staff.xlsx"))


def test_xlsx_shared_strings_over_their_limit_are_refused_even_when_packed_loosely(org):
    # Random-looking texts pack poorly: the ratio check passes, the size limit does not.
    import random

    generator = random.Random(22)
    strings = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{generator.getrandbits(64):x}</t></si>" for _ in range(1_300_000))
        + "</sst>"
    )
    content = xlsx(
        sheet=f"{SHEET_OPEN}<sheetData>{XLSX_HEADER}</sheetData></worksheet>", strings=strings
    )

    assert "таблица текстов" in refused_quickly(lambda: preview(org, content, "staff.xlsx"))


def test_xlsx_with_billion_laughs_entities_in_the_sheet_is_refused(org):
    sheet = (
        BILLION_LAUGHS
        + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData>{XLSX_HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c>'
        "</row></sheetData></worksheet>"
    )

    assert "DOCTYPE" in refused_quickly(lambda: preview(org, xlsx(sheet=sheet), "staff.xlsx"))


def test_xlsx_declaring_the_whole_sheet_as_its_dimension_is_read_by_its_real_rows(org):
    # The declared dimension (A1:XFD1048576) is not trusted: the columns read are capped and the
    # rows are the ones the sheet has; a million empty rows before a far cell end the table.
    sheet = (
        f'{SHEET_OPEN}<dimension ref="A1:XFD1048576"/><sheetData>{XLSX_HEADER}'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Иванова Мария Петровна</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>воспитатель</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    content = xlsx(sheet=sheet)
    started = time.perf_counter()
    result = preview(org, content, "staff.xlsx")
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        preview(org, content, "staff.xlsx")
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert (result.count_new, result.total) == (1, 1)
    assert elapsed < SECONDS and peak < MEGABYTES * 1024 * 1024


# --- the scans and evidence files --------------------------------------------------------------


def test_consent_scan_png_of_144_megapixels_is_refused_before_it_is_decoded():
    scan = SimpleUploadedFile("scan.png", png(12_000, 12_000))
    assert MAX_IMAGE_PIXELS < 12_000 * 12_000

    assert "пикселей" in refused_quickly(lambda: check_upload(scan, SCAN_RULE))


def test_consent_scan_png_of_ten_billion_pixels_is_refused():
    scan = SimpleUploadedFile("scan.png", png(100_000, 100_000))

    assert "пикселей" in refused_quickly(lambda: check_upload(scan, SCAN_RULE))


def test_consent_scan_pdf_whose_page_tree_doubles_forty_times_is_refused():
    scan = SimpleUploadedFile("scan.pdf", pdf_page_tree_bomb())

    assert "страниц" in refused_quickly(lambda: check_upload(scan, SCAN_RULE))


def test_evidence_docx_of_300_mb_of_zeros_is_refused():
    from pairing.services.plans import PLAN_EVIDENCE_RULE

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="x"/></Types>',
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as stream:
            block = b"\x00" * (1024 * 1024)
            for _ in range(300):
                stream.write(block)
    evidence = SimpleUploadedFile("otchet.docx", buffer.getvalue())

    assert "сжата" in refused_quickly(lambda: check_upload(evidence, PLAN_EVIDENCE_RULE))


# --- the work budget: what no single limit above catches, the clock and the count do -----------


def test_reading_that_outlasts_its_seconds_is_refused(org, monkeypatch):
    from functools import partial

    from programme import file_limits
    from programme.tests import staff_import_files as files

    monkeypatch.setattr(file_limits, "Budget", partial(file_limits.Budget, seconds=-1))

    message = refused_quickly(lambda: preview(org, files.libreoffice_ods(), "staff.ods"))

    assert "секунд" in message


def test_reading_that_visits_too_many_cells_is_refused(org, monkeypatch):
    from functools import partial

    from programme import file_limits
    from programme.tests import staff_import_files as files

    monkeypatch.setattr(file_limits, "Budget", partial(file_limits.Budget, cells=1_000))

    message = refused_quickly(lambda: preview(org, files.municipal_csv(300), "staff.csv"))

    assert "ячеек" in message
