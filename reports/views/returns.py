"""The annual return. The coordinator opens a collection for her territory, follows who has
submitted, reminds the rest and downloads the summary (xlsx, PDF). A kindergarten's head sees
the figures her records give, corrects what they cannot know (with a comment) and submits a
frozen snapshot; the curator reads the same page. Figures only: never a teacher's name."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.renderer import pdf_response
from programme import access
from programme.exceptions import DomainError
from programme.models.org import Role
from programme.views.base import save_form

from ..documents import returns as documents
from ..forms.returns import CollectionForm, ReturnForm
from ..selectors import returns as selectors
from ..services import returns as services

# --- the coordinator's pages -------------------------------------------------------------------


@access.coordinator_required
def collections(request):
    user = request.user
    form = CollectionForm(request.POST or None)
    if request.method == "POST" and user.territory_id is None:
        raise PermissionDenied  # a collection is opened for the coordinator's own territory
    saved = save_form(
        request,
        form,
        lambda data: services.collection_open(territory=user.territory, by=user, **data),
        success="Сбор открыт. Заведующие увидят его в разделе «Годовой отчёт».",
        error_field="as_of",
    )
    if saved:
        return redirect("reports:return_collection", pk=saved.result.pk)
    return render(
        request,
        "reports/returns/collections.html",
        {
            "collections": selectors.collections_for_coordinator(user),
            "form": form,
            "can_open": user.territory_id is not None,
            "territory": user.territory,
        },
    )


@access.coordinator_required
def collection(request, pk):
    found = selectors.coordinator_collection(request.user, pk)
    return render(
        request,
        "reports/returns/collection.html",
        {
            "collection": found,
            "status": selectors.status(found),
            "indicators": list(found.indicators.all()),
            "is_open": found.is_open_on(timezone.localdate()),
        },
    )


@require_POST
@access.coordinator_required
def remind(request, pk):
    found = selectors.coordinator_collection(request.user, pk)
    count = services.collection_remind(collection=found)
    if count:
        messages.success(request, f"Напоминание отправлено заведующим организаций: {count}.")
    else:
        messages.info(
            request,
            "Напоминать некому: все сдали отчёт или напоминание уже отправлялось "
            "в последние сутки.",
        )
    return redirect("reports:return_collection", pk=found.pk)


@access.coordinator_required
def collection_xlsx(request, pk):
    found = selectors.coordinator_collection(request.user, pk)
    document = documents.returns_spreadsheet(selectors.summary(found))
    return pdf_response(document, request=request, inline=False)


@access.coordinator_required
def collection_pdf(request, pk):
    found = selectors.coordinator_collection(request.user, pk)
    return pdf_response(documents.returns_document(selectors.summary(found)), request=request)


# --- the kindergarten's pages ------------------------------------------------------------------


@access.manager_required
def organisation_returns(request):
    organisation = access.user_organisation(request.user)
    found = list(selectors.collections_for_organisation(organisation))
    current = selectors.current_returns(found, organisation)
    return render(
        request,
        "reports/returns/list.html",
        {
            "rows": [(c, current.get(c.pk)) for c in found],
            "organisation": organisation,
            "today": timezone.localdate(),
        },
    )


def _may_submit(user) -> bool:
    return user.role == Role.HEAD


@access.manager_required
def return_form(request, pk):
    user = request.user
    organisation = access.user_organisation(user)
    found = selectors.organisation_collection(organisation, pk)
    if request.method == "POST" and not _may_submit(user):
        raise PermissionDenied  # the curator prepares and reads; the head submits
    current = selectors.current_return(found, organisation)
    programme, values = selectors.computed_figures(organisation, found.as_of)
    rows = selectors.figure_rows(values, current)
    form = ReturnForm(request.POST or None, rows=rows, collection=found, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            submitted = services.return_submit(
                collection=found,
                organisation=organisation,
                by=user,
                corrections=form.corrections(),
                answers=form.answers(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"Отчёт сдан (версия {submitted.version}). Координатор его видит."
            )
            return redirect("reports:return_form", pk=found.pk)
    today = timezone.localdate()
    return render(
        request,
        "reports/returns/form.html",
        {
            "collection": found,
            "organisation": organisation,
            "programme": programme,
            "form": form,
            "current": current,
            "versions": selectors.versions(found, organisation),
            "is_open": found.is_open_on(today),
            "not_yet": today < found.opens_on,
            "may_submit": _may_submit(user),
        },
    )


@access.manager_required
def return_version(request, pk, version):
    organisation = access.user_organisation(request.user)
    found = selectors.organisation_collection(organisation, pk)
    snapshot = selectors.organisation_version(found, organisation, version)
    return render(
        request,
        "reports/returns/version.html",
        {"collection": found, "organisation": organisation, "snapshot": snapshot},
    )
