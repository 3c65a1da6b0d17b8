"""One renderer for every document: an HTML template with a small print stylesheet becomes an
A4 PDF through WeasyPrint. The fonts ship with the project (Liberation Serif, metric-compatible
with Times New Roman, with Cyrillic), so a document looks the same on every machine."""

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import get_valid_filename

FONTS_DIR = Path(__file__).resolve().parent / "fonts"


@dataclass(frozen=True)
class Document:
    filename: str
    content: bytes
    mimetype: str = "application/pdf"


def font_faces_css() -> str:
    faces = []
    for weight, style, name in (
        ("normal", "normal", "Regular"),
        ("bold", "normal", "Bold"),
        ("normal", "italic", "Italic"),
        ("bold", "italic", "BoldItalic"),
    ):
        path = (FONTS_DIR / f"LiberationSerif-{name}.ttf").as_uri()
        faces.append(
            "@font-face { font-family: 'Document Serif'; "
            f"src: url('{path}'); font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(faces)


def render_pdf(template_name: str, context: dict, *, filename: str) -> Document:
    """Render a document template (extending reports/document.html) to PDF bytes."""
    from weasyprint import HTML  # imported here: loading pango takes a moment

    html = render_to_string(template_name, {**context, "font_faces": font_faces_css()})
    content = HTML(string=html, base_url=str(FONTS_DIR)).write_pdf()
    return Document(filename=get_valid_filename(filename), content=content)


def pdf_response(document: Document, *, inline: bool = True) -> HttpResponse:
    """The PDF with its name: an ASCII fallback for old clients and the Russian name as
    `filename*=UTF-8''…` (RFC 6266), which every current browser uses."""
    response = HttpResponse(document.content, content_type=document.mimetype)
    disposition = "inline" if inline else "attachment"
    name = document.filename
    stem, dot, suffix = name.rpartition(".")
    ascii_stem = stem.encode("ascii", "ignore").decode().strip("_ .-")
    fallback = f"{ascii_stem or 'document'}{dot}{suffix}" if dot else (ascii_stem or "document")
    header = f'{disposition}; filename="{fallback}"'
    if fallback != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    response["Content-Disposition"] = header
    return response
