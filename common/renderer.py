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


def render_html(template_name: str, context: dict) -> str:
    """A document template (extending common/document.html) as the HTML WeasyPrint reads."""
    return render_to_string(template_name, {**context, "font_faces": font_faces_css()})


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading pango takes a moment

    return HTML(string=html, base_url=str(FONTS_DIR)).write_pdf()


def render_pdf(template_name: str, context: dict, *, filename: str) -> Document:
    """Render a document template (extending common/document.html) to PDF bytes."""
    content = pdf_from_html(render_html(template_name, context))
    return Document(filename=clean_filename(filename), content=content)


# Below this many documents the worker processes cost more than they save.
PARALLEL_FROM = 4


def render_pdfs(pages: list[tuple[str, str]], *, workers: int | None = None) -> list[Document]:
    """Many documents at once — (filename, html) pairs, the HTML from `render_html` — laid out
    in worker processes, one per core (WeasyPrint's layout is pure Python and takes the
    interpreter's lock: threads would not help). The year's archive renders its plans so. The
    workers only turn HTML into PDF bytes: no database, no Django."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    workers = min(workers or os.cpu_count() or 1, len(pages))
    htmls = [html for _name, html in pages]
    if workers < 2 or len(pages) < PARALLEL_FROM:
        contents = [pdf_from_html(html) for html in htmls]
    else:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            contents = list(pool.map(pdf_from_html, htmls))
    return [
        Document(filename=clean_filename(name), content=content)
        for (name, _html), content in zip(pages, contents, strict=True)
    ]


def pdf_response(document: Document, *, request=None, inline: bool = True) -> HttpResponse:
    """The document under its Russian name: shown in the browser, or saved when `inline` is
    False or the request asks `?download=1`."""
    if request is not None and wants_download(request):
        inline = False
    response = HttpResponse(document.content, content_type=document.mimetype)
    return name_download(response, document.filename, inline=inline)
