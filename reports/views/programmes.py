"""The programme's printed papers: the roadmap plan and the announcement (1.1)."""

from common.renderer import pdf_response
from programme import access

from ..documents import programmes as documents


@access.reader_required
def roadmap_pdf(request, pk):
    programme = access.get_programme(request.user, pk)
    return pdf_response(documents.roadmap_document(programme), request=request)


@access.reader_required
def announcement_pdf(request, pk):
    programme = access.get_programme(request.user, pk)
    return pdf_response(documents.announcement_document(programme), request=request)
