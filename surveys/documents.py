"""The printable consent forms (A4): one sheet per person, prefilled with her name and the
operator, the full text of the version with its code and a QR code of it, blank lines for what
she writes by hand (address, identity document, date, signature). The paper consent the curator
records later is tied to the version whose code is printed here."""

from common.qr import qr_svg
from common.renderer import Document, render_pdf
from surveys.models import ConsentKind, ConsentText, PublicationCategory


def consent_forms_document(*, text: ConsentText, people: list) -> Document:
    """Forms of one text version for the given people (a blank form when the list is empty)."""
    organisation = text.organisation
    sheets = [{"name": person.full_name} for person in people] or [{"name": ""}]
    context = {
        "organisation": organisation,
        "text": text,
        "code": text.code,
        "qr": qr_svg(text.code, box_size=6),
        "sheets": sheets,
        "is_publication": text.kind == ConsentKind.PUBLICATION,
        "categories": PublicationCategory.labels,
    }
    name = {
        ConsentKind.PROCESSING: "Согласие на обработку персональных данных",
        ConsentKind.PUBLICATION: "Согласие на публикацию",
        ConsentKind.SHARING: "Согласие на предоставление данных наставника",
    }[text.kind]
    suffix = f" — {people[0].short_name}" if len(people) == 1 else ""
    return render_pdf(
        "surveys/documents/consent_form.html", context, filename=f"{name}{suffix}.pdf"
    )
