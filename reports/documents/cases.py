"""The case of a pair as a printable document, and every case of a programme for the year's
archive. The document prints the case as the curator wrote it (its participants as their
publication consents allowed when it was prefilled or edited)."""

from django.utils import timezone

from common.formatting import date_ru
from common.renderer import Document, render_pdf
from programme.models import Programme

from ..models import Case
from ..selectors import cases as selectors

SECTIONS = (
    ("participants", "Участники"),
    ("problem", "Проблема (профессиональные дефициты)"),
    ("goal", "Цель"),
    ("what_was_done", "Что было сделано"),
    ("results", "Результаты"),
    ("lessons", "Выводы и рекомендации"),
)


def case_context(case: Case) -> dict:
    return {
        "case": case,
        "organisation": case.programme.organisation,
        "programme": case.programme,
        "sections": [(label, getattr(case, name)) for name, label in SECTIONS],
        "materials": selectors.case_materials(case),
        "printed_on": date_ru(timezone.localdate()),
        "published_on": date_ru(timezone.localtime(case.published_at).date())
        if case.published_at
        else "",
    }


def case_document(case: Case, *, number: int | None = None) -> Document:
    prefix = f"Кейс {number:02d}" if number is not None else "Кейс"
    return render_pdf(
        "reports/cases/document.html", case_context(case), filename=f"{prefix} — {case.title}.pdf"
    )


def archive_files(programme: Programme) -> list[tuple[str, bytes]]:
    """Each case of the programme as a PDF (file name, bytes), numbered, for the year's zip."""
    cases = (
        Case.objects.filter(programme=programme)
        .select_related("programme__organisation")
        .order_by("pk")
    )
    files = []
    for number, case in enumerate(cases, start=1):
        document = case_document(case, number=number)
        files.append((document.filename, document.content))
    return files
