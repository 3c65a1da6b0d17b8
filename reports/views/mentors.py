"""The mentor's 351.8 papers: the written consent and the addendum, to print and sign."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect

from common.renderer import pdf_response
from programme import access
from programme.models import MentorProfile
from programme.models.bases import LabourBasis

from ..documents import mentors as documents


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
