"""Limits on reading a file a person uploaded, stated once and kept by every parser.

A file of a few hundred bytes can ask a parser for gigabytes: a zip of 300 MB of zeros, an
OpenDocument `<text:s text:c="100000000"/>` (a hundred million spaces), a row «repeated» a
billion times, an XML entity that expands to another a billion times, a PNG of 100,000 × 100,000
pixels. So every reader of a user's file (the staff lists: xlsx, xls, ods, csv; the checked
uploads: consent scans and evidence files) works within these limits and refuses, in Russian,
a file past them («Файл слишком большой или повреждён: …») — quickly and in little memory, long
before a web worker or the background worker is in trouble.

- zip-based files (xlsx, ods, docx…): the sizes the archive declares are checked before a byte is
  unpacked (zipfile then holds every member to its declared size: more fails its CRC), members
  are read through `GuardedZip`, which counts what is read and watches the clock;
- XML is parsed only by `parse_xml` (expat, streamed in chunks): a document type declaration —
  the only place entities can be declared — is refused, and so is nesting deeper than any
  spreadsheet has; `check_xml_prologs` does the same for the parts a library (openpyxl) parses;
- `Budget` counts the cells and elements visited and the seconds spent on one file.
"""

import time
import zipfile
from pyexpat import ExpatError, ParserCreate

from .exceptions import DomainError

# --- the limits -----------------------------------------------------------------------------

MAX_IMPORT_BYTES = 20 * 1024 * 1024  # a staff list; a 50,000-row list is 3–10 MB in any format
MAX_DATA_ROWS = 60_000  # people in one staff list
MAX_COLUMNS = 60  # columns of a staff list read (the rest of a row is not looked at)
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024  # all members of a zip together, unpacked
MAX_SHARED_STRINGS_BYTES = 32 * 1024 * 1024  # xlsx's table of texts (a 50,000-row list: ~5 MB)
MAX_COMPRESSION_RATIO = 100  # unpacked / packed, for a member over RATIO_CHECKED_FROM bytes
RATIO_CHECKED_FROM = 1024 * 1024  # real XML packs 10–30 times; blanks packed 1,000 times are not
MAX_ZIP_MEMBERS = 2_000
MAX_ROWS = 1_048_576  # a sheet's rows, as Excel and LibreOffice have them; further rows unread
MAX_SHEET_COLUMNS = 16_384  # a sheet's columns; a filled cell repeated past them is refused
MAX_ROW_REPEAT = 1_000  # a filled row «repeated» more often is not a staff list
MAX_CELL_CHARS = 32_767  # the most a cell holds in Excel and LibreOffice
MAX_XML_DEPTH = 100  # nesting of XML elements; a spreadsheet needs about 10
MAX_CELLS_VISITED = 20_000_000  # XML elements, cells and rows looked at in one file
MAX_SECONDS = 180.0  # reading one file (and deciding its rows), in the background task
MAX_IMAGE_PIXELS = 50_000_000  # a 50-megapixel photo of a signed page is more than enough
MAX_PDF_PAGES = 2_000

XML_CHUNK = 64 * 1024


class FileTooLarge(DomainError):
    """A file past the limits: «Файл слишком большой или повреждён: <what>.»"""

    def __init__(self, reason: str):
        super().__init__(f"Файл слишком большой или повреждён: {reason}.")
        self.reason = reason


def _mb(size: int) -> str:
    return f"{size // (1024 * 1024)} МБ"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


class Budget:
    """The work one file may take: cells and elements visited, and seconds from the start."""

    def __init__(self, *, seconds: float = MAX_SECONDS, cells: int = MAX_CELLS_VISITED):
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds
        self.cells_left = cells
        self.cells = cells

    def visit(self, count: int = 1) -> None:
        self.cells_left -= count
        if self.cells_left < 0:
            raise FileTooLarge(
                f"в нём больше {_number(self.cells)} ячеек и элементов — столько не прочитать"
            )

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise FileTooLarge(f"его чтение заняло больше {self.seconds:g} секунд")


# --- zip archives ---------------------------------------------------------------------------


def check_zip(archive: zipfile.ZipFile, *, limit: int = MAX_UNCOMPRESSED_BYTES) -> None:
    """Refuse an archive whose declared sizes are a bomb: too many members, too much unpacked,
    or a big member packed far tighter than real documents pack."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise FileTooLarge(f"в архиве больше {_number(MAX_ZIP_MEMBERS)} частей")
    total = 0
    for info in members:
        if info.file_size > RATIO_CHECKED_FROM and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise FileTooLarge(
                f"часть «{info.filename[:80]}» сжата в {ratio} раз — так сжимаются только "
                "пустые строки, а не данные"
            )
        total += info.file_size
        if total > limit:
            raise FileTooLarge(f"распакованный, он занял бы больше {_mb(limit)}")
        if info.filename.endswith("sharedStrings.xml") and info.file_size > (
            MAX_SHARED_STRINGS_BYTES
        ):
            raise FileTooLarge(f"таблица текстов больше {_mb(MAX_SHARED_STRINGS_BYTES)}")


class CappedStream:
    """A member of a zip, read with its bytes counted and the clock watched on every read."""

    def __init__(self, raw, *, name: str, budget: Budget, limit: int):
        self.raw = raw
        self.name = name
        self.budget = budget
        self.limit = limit
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while chunk := self.read(XML_CHUNK):
                parts.append(chunk)
            return b"".join(parts)
        self.budget.check_time()
        data = self.raw.read(size)
        self.read_bytes += len(data)
        if self.read_bytes > self.limit:
            raise FileTooLarge(f"часть «{self.name[:80]}» больше {_mb(self.limit)}")
        return data

    def close(self) -> None:
        self.raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False


class GuardedZip(zipfile.ZipFile):
    """A zip whose declared sizes were checked and whose members are read as `CappedStream`s
    (so that a library reading it — openpyxl — is held to the limits too)."""

    budget: Budget

    def __init__(self, file, *, budget: Budget):
        super().__init__(file)
        self.budget = budget
        check_zip(self)

    def open(self, name, mode="r", pwd=None, **kwargs):
        raw = super().open(name, mode, pwd, **kwargs)
        if mode != "r":
            return raw
        filename = name.filename if isinstance(name, zipfile.ZipInfo) else name
        return CappedStream(raw, name=filename, budget=self.budget, limit=MAX_UNCOMPRESSED_BYTES)


# --- XML ------------------------------------------------------------------------------------


def _refuse_doctype(*_args) -> None:
    raise FileTooLarge(
        "в XML есть объявление типа документа (DOCTYPE) — в таблицах его не бывает, а через "
        "него файл может раздуться в миллиарды знаков"
    )


class XmlParser:
    """expat, namespaces as «uri}local», no DOCTYPE (so no entities but the five built in), no
    deeper nesting than MAX_XML_DEPTH, every element counted in the budget.

    `start(name, attributes)`, `end(name)` and `text(data)` are the caller's handlers."""

    def __init__(self, *, budget: Budget, start=None, end=None, text=None):
        self.budget = budget
        self.depth = 0
        self.parser = ParserCreate(namespace_separator="}")
        self.parser.buffer_text = True
        self.parser.StartDoctypeDeclHandler = _refuse_doctype
        self.parser.EntityDeclHandler = _refuse_doctype
        self.parser.ExternalEntityRefHandler = _refuse_doctype
        self._start, self._end = start, end
        self.parser.StartElementHandler = self._on_start
        self.parser.EndElementHandler = self._on_end
        if text is not None:
            self.parser.CharacterDataHandler = text

    def _on_start(self, name, attributes):
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise FileTooLarge(f"элементы XML вложены глубже {MAX_XML_DEPTH} уровней")
        self.budget.visit()
        if self._start is not None:
            self._start(name, attributes)

    def _on_end(self, name):
        self.depth -= 1
        if self._end is not None:
            self._end(name)

    def feed(self, data: bytes, *, final: bool = False) -> None:
        self.budget.check_time()
        try:
            self.parser.Parse(data, final)
        except ExpatError as error:
            raise FileTooLarge(
                f"ошибка в XML (строка {error.lineno}, знак {error.offset + 1})"
            ) from None


def parse_xml(stream, *, budget: Budget, start=None, end=None, text=None, after_chunk=None):
    """Parse a stream chunk by chunk with `XmlParser`; `after_chunk()` is called after each
    chunk (a generator of rows yields what the handlers gathered) and its results yielded."""
    parser = XmlParser(budget=budget, start=start, end=end, text=text)
    while True:
        chunk = stream.read(XML_CHUNK)
        parser.feed(chunk, final=not chunk)
        if after_chunk is not None:
            yield from after_chunk()
        if not chunk:
            return


class _PrologDone(Exception):
    pass


def check_xml_prologs(archive: zipfile.ZipFile, *, budget: Budget) -> None:
    """Refuse a DOCTYPE in any XML part of the archive, looking only at each part's prolog
    (entities can be declared nowhere else): for parts a library will parse its own way."""
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue

        def stop(_name, _attributes):
            raise _PrologDone

        parser = XmlParser(budget=budget, start=stop)
        with archive.open(info) as stream:
            try:
                while chunk := stream.read(4096):
                    parser.feed(chunk)
                parser.feed(b"", final=True)
            except _PrologDone:
                continue
