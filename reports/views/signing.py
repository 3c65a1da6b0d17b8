"""The head's documents to sign."""

from django.shortcuts import render

from programme import access

from ..selectors import signing as selectors


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
