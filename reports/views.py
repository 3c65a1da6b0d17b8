from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from programme import access
from programme.models import MentorProfile, Organisation
from programme.models.bases import LabourBasis

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


def _mentor(request, pk, mentor_pk) -> MentorProfile:
    """A mentor of one of the curator's programmes; another organisation's answers 404."""
    programme = access.get_programme(request.user, pk, write=True)
    return get_object_or_404(
        MentorProfile.objects.filter(programme=programme).select_related(
            "staff", "programme__organisation"
        ),
        pk=mentor_pk,
    )


@access.manager_required
def mentor_consent_pdf(request, pk, mentor_pk):
    """The mentor's written consent to mentoring (ст. 351.8 ТК РФ), to print and sign. Not
    made where mentoring is in her duties: no consent is taken then (the Роструд letter)."""
    mentor = _mentor(request, pk, mentor_pk)
    if mentor.labour_basis == LabourBasis.DUTIES:
        messages.info(
            request,
            "Наставничество входит в должностные обязанности педагога: письменное согласие "
            "по ст. 351.8 ТК РФ не оформляется (письмо Роструда от 02.10.2025 № ТЗ/7300-6-1).",
        )
        return redirect("programme:mentor_edit", pk, mentor.pk)
    return pdf_response(documents.mentor_consent_document(mentor), inline=False)


@access.manager_required
def mentor_addendum_pdf(request, pk, mentor_pk):
    """The addendum to her employment contract on mentoring, to print and sign."""
    mentor = _mentor(request, pk, mentor_pk)
    return pdf_response(documents.mentor_addendum_document(mentor), inline=False)


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
