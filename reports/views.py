from django.shortcuts import get_object_or_404, render

from programme import access
from programme.models import Organisation

from . import documents, selectors
from .renderer import pdf_response


@access.reader_required
def roadmap_pdf(request, pk):
    programme = access.get_programme(request.user, pk)
    return pdf_response(documents.roadmap_document(programme), request=request)


@access.reader_required
def announcement_pdf(request, pk):
    programme = access.get_programme(request.user, pk)
    return pdf_response(documents.announcement_document(programme), request=request)


def join(request, slug):
    """Public page behind the announcement's QR code: no login, nothing about the staff but
    the curator's name."""
    organisation = get_object_or_404(Organisation, slug=slug)
    programme = selectors.current_programme(organisation)
    event = selectors.informing_event(programme) if programme else None
    return render(
        request,
        "reports/join.html",
        {"organisation": organisation, "programme": programme, "event": event},
    )


@access.named_data_required
def to_sign(request):
    """The head's page: the documents waiting for her signature, each with its PDF (the
    curator may open it too)."""
    organisation = access.user_organisation(request.user)
    groups = selectors.documents_to_sign(organisation)
    return render(
        request,
        "reports/to_sign.html",
        {"groups": groups, "organisation": organisation, "total": sum(g.count for g in groups)},
    )
