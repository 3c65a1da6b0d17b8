"""Checks of uploaded files: the size, the extension and the first bytes of the content agree
with an allowed type, so that a renamed executable or an oversized video is refused."""

from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat

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
    if not ok:
        raise DomainError(
            f"Содержимое файла «{name}» не соответствует расширению .{extension}. "
            "Сохраните документ заново и загрузите ещё раз."
        )
