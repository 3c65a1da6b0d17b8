"""One renderer for every document: an HTML template with a small print stylesheet becomes an
A4 PDF through WeasyPrint. The fonts ship with the project (Liberation Serif, metric-compatible
with Times New Roman, with Cyrillic), so a document looks the same on every machine."""

from dataclasses import dataclass
from pathlib import Path

from django.http import HttpResponse
from django.template.loader import render_to_string

from .downloads import clean_filename, name_download, wants_download

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
    """Render a document template (extending common/document.html) to PDF bytes."""
    from weasyprint import HTML  # imported here: loading pango takes a moment

    html = render_to_string(template_name, {**context, "font_faces": font_faces_css()})
    content = HTML(string=html, base_url=str(FONTS_DIR)).write_pdf()
    return Document(filename=clean_filename(filename), content=content)


def pdf_response(document: Document, *, request=None, inline: bool = True) -> HttpResponse:
    """The document under its Russian name: shown in the browser, or saved when `inline` is
    False or the request asks `?download=1`."""
    if request is not None and wants_download(request):
        inline = False
    response = HttpResponse(document.content, content_type=document.mimetype)
    return name_download(response, document.filename, inline=inline)
