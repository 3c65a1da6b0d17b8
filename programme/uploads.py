"""Checks of uploaded files and how they are stored.

The size, the extension and the content must agree with an allowed type, so that a renamed
executable, a web page behind `%PDF` or random bytes behind a zip header are refused: a PDF
must open with pypdf, an Office Open XML or OpenDocument file must be a sound zip holding the
main part of its kind, an image must open with Pillow. The old binary Office formats (doc, xls,
ppt) are checked by their first bytes only. Every check keeps the limits of `file_limits`:
a zip's declared sizes, an image's pixels (read from its header, before anything is decoded)
and a PDF's pages (as its page tree declares them, never walked) — a bomb gets «Файл слишком
большой или повреждён: …».

Stored files get random names (`stored_name`); the name the person uploaded is kept in the
record and used for the download, which always goes through a view that checks access.
"""

import os
import re
import uuid
import zipfile
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat

from . import file_limits as limits
from .exceptions import DomainError

ZIP = (b"PK\x03\x04",)
OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)

# extension → possible first bytes of the content (None: any text is fine)
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF",),
    "doc": OLE,
    "xls": OLE,
    "ppt": OLE,
    "docx": ZIP,
    "xlsx": ZIP,
    "pptx": ZIP,
    "odt": ZIP,
    "ods": ZIP,
    "odp": ZIP,
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "mp4": None,  # checked below: "ftyp" at offset 4
}

# Office Open XML: the part that makes the file what it claims to be.
OOXML_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
# OpenDocument: the `mimetype` entry names the kind.
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
IMAGE_FORMATS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG"}


@dataclass(frozen=True)
class UploadRule:
    extensions: tuple[str, ...]
    max_bytes: int

    @property
    def accept(self) -> str:
        return ",".join(f".{ext}" for ext in self.extensions)


def check_upload(upload, rule: UploadRule) -> None:
    """Raise DomainError (in Russian) unless the file fits the rule."""
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(rule.extensions)
    if extension not in rule.extensions:
        raise DomainError(f"Файл «{name}» не подходит: можно загружать только {allowed}.")
    if upload.size > rule.max_bytes:
        raise DomainError(
            f"Файл «{name}» слишком большой ({filesizeformat(upload.size)}); "
            f"можно не больше {filesizeformat(rule.max_bytes)}."
        )
    if upload.size == 0:
        raise DomainError(f"Файл «{name}» пустой.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension == "mp4":
        ok = head[4:8] == b"ftyp"
    else:
        signatures = SIGNATURES.get(extension)
        ok = signatures is None or any(head.startswith(s) for s in signatures)
    if ok:
        try:
            ok = _content_is(extension, upload)
        finally:
            upload.seek(0)
    if not ok:
        raise DomainError(
            f"Содержимое файла «{name}» не соответствует расширению .{extension}. "
            "Сохраните документ заново и загрузите ещё раз."
        )


def _content_is(extension: str, upload) -> bool:
    if extension == "pdf":
        return _is_pdf(upload)
    if extension in OOXML_MAIN_PARTS or extension in ODF_MIMETYPES:
        return _is_office_zip(extension, upload)
    if extension in IMAGE_FORMATS:
        return _is_image(extension, upload)
    return True


def _is_pdf(upload) -> bool:
    from pypdf import PdfReader

    try:
        # Not strict: a slightly damaged PDF that still opens (as viewers open it) is fine.
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            return True
        # The count the page tree declares: walking the tree (`len(reader.pages)`) is what a
        # tree naming the same subtree twice at every level turns into billions of pages.
        count = reader.trailer["/Root"]["/Pages"]["/Count"]
    except Exception:
        return False
    if not isinstance(count, int) or count < 1:
        return False
    if count > limits.MAX_PDF_PAGES:
        raise limits.FileTooLarge(
            f"в PDF больше {limits.MAX_PDF_PAGES:,} страниц".replace(",", " ")
        )
    return True


def _is_office_zip(extension: str, upload) -> bool:
    try:
        archive = zipfile.ZipFile(upload)
    except Exception:
        return False
    with archive:
        # The declared sizes first (a «zip bomb» is small on the wire); zipfile then holds
        # every member to its declared size, so the test below unpacks no more than that.
        limits.check_zip(archive)
        try:
            names = set(archive.namelist())
            if extension in OOXML_MAIN_PARTS:
                if "[Content_Types].xml" not in names or OOXML_MAIN_PARTS[extension] not in names:
                    return False
                types = archive.read("[Content_Types].xml")
                if f"/{OOXML_MAIN_PARTS[extension]}".encode() not in types:
                    return False
            elif archive.read("mimetype").strip() != ODF_MIMETYPES[extension]:
                return False
            return archive.testzip() is None
        except Exception:
            return False


def _is_image(extension: str, upload) -> bool:
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            # Only the header is read here: the size is known before a pixel is decoded.
            image = Image.open(upload)
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except Exception:
        return False
    with image:
        width, height = image.size
        if width * height > limits.MAX_IMAGE_PIXELS:
            raise _too_many_pixels()
        try:
            image.verify()
        except Exception:
            return False
        return image.format == IMAGE_FORMATS[extension]


def _too_many_pixels() -> limits.FileTooLarge:
    return limits.FileTooLarge(
        f"в изображении больше {limits.MAX_IMAGE_PIXELS // 1_000_000} миллионов пикселей — "
        "сфотографируйте или отсканируйте страницу с меньшим разрешением"
    )


_SAFE_EXTENSION = re.compile(r"^[a-z0-9]{1,8}$")


def stored_name(folder: str, filename: str) -> str:
    """A random path under `folder` keeping only a plain extension: «events/3/4f…e1.pdf».

    Nothing of the uploaded name is kept in the path, so addresses cannot be guessed."""
    extension = os.path.splitext(filename or "")[1].lower().lstrip(".")
    suffix = f".{extension}" if _SAFE_EXTENSION.match(extension) else ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def original_name(upload) -> str:
    """The uploaded file's own name, without any folder, as the download will give it."""
    name = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    return name[:255]


def download_name(field_file, original: str = "") -> str:
    """The name a download is offered under: the uploaded one, else the stored one."""
    return original or os.path.basename(field_file.name)
