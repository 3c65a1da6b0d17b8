"""Cases (7.5): the programme's list, a case made from a pair, the editor with its materials and
status, and the case's PDF. The curator's and the head's pages; the regional coordinator gets
403 (the cases name people), another kindergarten 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.renderer import pdf_response
from pairing.models import Pairing
from programme import access

from ..documents import cases as documents
from ..forms.cases import CaseFileForm, CaseFilterForm, CaseForm, CaseLinkForm
from ..models import CaseMaterial, CaseStatus
from ..selectors import cases as selectors
from ..services import cases as services


def _case(request, pk, case_pk, *, write: bool):
    programme = access.get_programme(request.user, pk, write=write)
    case = selectors.case_of(programme, case_pk)
    if case is None:
        raise Http404
    return programme, case


@access.named_data_required
def case_list(request, pk):
    programme = access.get_programme(request.user, pk)
    form = CaseFilterForm(request.GET or None)
    q = status = ""
    if form.is_valid():
        q, status = form.cleaned_data["q"].strip(), form.cleaned_data["status"]
    cases = selectors.programme_cases(programme, q=q, status=status)
    return render(
        request,
        "reports/cases/list.html",
        {
            "programme": programme,
            "form": form,
            "cases": cases,
            "can_manage": access.can_manage(request.user),
        },
    )


@access.manager_required
def case_create(request, pk):
    """Choose a pair that worked; its case is made prefilled and opens in the editor."""
    programme = access.get_programme(request.user, pk, write=True)
    if request.method == "POST":
        pairing = Pairing.objects.filter(
            programme=programme, pk=request.POST.get("pairing") or 0
        ).first()
        if pairing is None:
            messages.error(request, "Выберите пару, по которой пишется кейс.")
        else:
            try:
                case = services.case_create_from_pairing(pairing=pairing)
            except services.CaseError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, "Кейс заполнен по записям пары. Проверьте и дополните текст."
                )
                return redirect("reports:case_edit", programme.pk, case.pk)
    return render(
        request,
        "reports/cases/create.html",
        {"programme": programme, "pairings": selectors.pairings_without_case(programme)},
    )


def _editor(request, programme, case, form, *, link_form=None, file_form=None, status=200):
    activities, attachments = selectors.evidence_choices(case)
    return render(
        request,
        "reports/cases/edit.html",
        {
            "programme": programme,
            "case": case,
            "form": form,
            "materials": selectors.case_materials(case),
            "file_form": file_form
            or CaseFileForm(prefix="file", activities=activities, attachments=attachments),
            "has_files": bool(activities or attachments),
            "link_form": link_form or CaseLinkForm(prefix="link"),
            "problems": selectors.publish_problems(case),
            "statuses": CaseStatus,
        },
        status=status,
    )


@access.manager_required
def case_edit(request, pk, case_pk):
    """The editor: a failed save keeps what was typed."""
    programme, case = _case(request, pk, case_pk, write=True)
    if request.method == "POST":
        form = CaseForm(request.POST, instance=case)
        if form.is_valid():
            data = dict(form.cleaned_data)
            was_published = case.is_published
            try:
                case = services.case_update(case=case, **data)
            except services.CaseError as error:
                form.add_error(None, str(error))
            else:
                if was_published and not case.is_published:
                    messages.warning(
                        request,
                        "Изменения сохранены. Кейс снят с публикации: текст не проходит проверку "
                        "согласий участников.",
                    )
                else:
                    messages.success(request, "Кейс сохранён.")
                return redirect("reports:case_edit", programme.pk, case.pk)
        # Show the typed text, not the stored one, with the errors.
        return _editor(request, programme, selectors.case_of(programme, case.pk), form)
    return _editor(request, programme, case, CaseForm(instance=case))


@require_POST
@access.manager_required
def case_material_add(request, pk, case_pk):
    programme, case = _case(request, pk, case_pk, write=True)
    activities, attachments = selectors.evidence_choices(case)
    if request.POST.get("kind") == "link":
        link_form = CaseLinkForm(request.POST, prefix="link")
        if not link_form.is_valid():
            return _editor(request, programme, case, CaseForm(instance=case), link_form=link_form)
        data = {"url": link_form.cleaned_data["url"], "title": link_form.cleaned_data["title"]}
    else:
        file_form = CaseFileForm(
            request.POST, prefix="file", activities=activities, attachments=attachments
        )
        if not file_form.is_valid():
            return _editor(request, programme, case, CaseForm(instance=case), file_form=file_form)
        data = {**file_form.source_ids(), "title": file_form.cleaned_data["title"]}
    try:
        services.case_material_add(case=case, **data)
    except services.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Материал добавлен.")
    return redirect("reports:case_edit", programme.pk, case.pk)


@require_POST
@access.manager_required
def case_material_remove(request, pk, case_pk, material_pk):
    programme, case = _case(request, pk, case_pk, write=True)
    material = get_object_or_404(CaseMaterial, case=case, pk=material_pk)
    services.case_material_remove(material=material)
    messages.success(request, "Материал убран из кейса.")
    return redirect("reports:case_edit", programme.pk, case.pk)


@require_POST
@access.manager_required
def case_status(request, pk, case_pk):
    programme, case = _case(request, pk, case_pk, write=True)
    try:
        case = services.case_set_status(case=case, status=request.POST.get("status", ""))
    except services.CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Статус кейса: {case.get_status_display()}.")
    return redirect("reports:case_edit", programme.pk, case.pk)


@access.named_data_required
def case_pdf(request, pk, case_pk):
    _programme, case = _case(request, pk, case_pk, write=False)
    return pdf_response(documents.case_document(case), request=request)
