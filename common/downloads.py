"""The one place that names a downloaded file: every PDF, spreadsheet, calendar file and upload
the application serves gets its `Content-Disposition` header here.

RFC 6266 with RFC 5987 encoding: `filename*=UTF-8''…` carries the Russian name («Приказ № 45-о
от 01.09.2025.pdf»), and a plain `filename="…"` carries an ASCII transliteration for old
clients. A name may come from what a person typed (an order number, an uploaded file's name):
quotes, backslashes, semicolons, path separators and control characters are removed before it
reaches the header, so it can never close the quoted string or add a parameter.
"""

import re
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, HttpResponseBase

DEFAULT_NAME = "document"
# Characters that could end the quoted value, start a parameter, name a folder or break the
# header line; and the ones Windows refuses in a file name.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f"\\;/:*?<>|\u2028\u2029]')
_SPACES = re.compile(r"\s+")
_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o",
            "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e",
            "yu", "ya",
        ],
        strict=True,
    )
)  # fmt: skip
_ASCII_PUNCTUATION = {"№": "N", "«": "", "»": "", "—": "-", "–": "-", "\u00a0": " "}


def clean_filename(filename: str) -> str:
    """The name with nothing a header or a file system could misread: «Приказ № 9.html x=.pdf»
    stays readable, «9"; x="» loses its quotes and semicolon. Never empty."""
    name = unicodedata.normalize("NFC", str(filename or ""))
    name = _UNSAFE.sub(" ", name)
    name = _SPACES.sub(" ", name).strip(" .")
    return name or DEFAULT_NAME


def ascii_filename(filename: str) -> str:
    """A transliterated ASCII fallback: «Приказ № 45-о.pdf» → «Prikaz N 45-o.pdf»."""
    out = []
    for char in clean_filename(filename):
        lower = char.lower()
        if lower in _TRANSLIT:
            latin = _TRANSLIT[lower]
            out.append(latin.capitalize() if char != lower else latin)
        elif char in _ASCII_PUNCTUATION:
            out.append(_ASCII_PUNCTUATION[char])
        elif char.isascii() and (char.isalnum() or char in " .-_()[],+=!#$%&'@^`{}~"):
            out.append(char)
        else:
            decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(decomposed if decomposed.isalnum() else "_")
    name = _SPACES.sub(" ", "".join(out)).strip(" .")
    _stem, dot, extension = clean_filename(filename).rpartition(".")
    if not name.strip("_ .-") or name.startswith("."):
        suffix = f".{extension}" if dot and extension.isascii() and extension.isalnum() else ""
        return DEFAULT_NAME + suffix
    return name


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="Prikaz.pdf"; filename*=UTF-8''%D0%9F…` (or `inline; …`)."""
    name = clean_filename(filename)
    kind = "inline" if inline else "attachment"
    fallback = ascii_filename(name)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def name_download(
    response: HttpResponseBase, filename: str, *, inline: bool = False
) -> HttpResponseBase:
    """Set the response's `Content-Disposition` (replacing any Django set) and return it."""
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


def wants_download(request) -> bool:
    """`?download=1` asks for the file to be saved rather than shown in the browser."""
    return request.GET.get("download", "") not in ("", "0", "false", "no")


def file_response(field_file, filename: str, *, inline: bool = False) -> FileResponse:
    """A stored file (an upload, a scan) streamed under `filename`; a download by default."""
    name = clean_filename(filename)
    response = FileResponse(field_file.open("rb"), filename=name)
    return name_download(response, name, inline=inline)
