import secrets

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import access
from ..exceptions import DomainError
from ..forms.staff import StaffFilterForm, StaffForm, StaffImportForm, StaffLoginForm
from ..selectors.staff import staff_search
from ..services import staff as staff_services

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
IMPORT_SESSION_KEY = "staff_import"


def _member(request, pk):
    return get_object_or_404(access.staff_for(request.user), pk=pk)


@access.reader_required
def staff_list(request):
    filters = StaffFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    staff = staff_search(
        access.staff_for(request.user),
        query=data.get("q", ""),
        position=data.get("position", ""),
        category=data.get("category", ""),
        experience_from=data.get("experience_from", ""),
        experience_to=data.get("experience_to", ""),
        active=data.get("active") or "1",
    )
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programme/staff_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "can_manage": access.can_manage(request.user),
        },
    )


@access.manager_required
def staff_create(request):
    organisation = access.user_organisation(request.user)
    form = StaffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            member = staff_services.staff_save(organisation=organisation, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Педагог {member.full_name} добавлен.")
            return redirect("programme:staff_list")
    return render(request, "programme/staff_form.html", {"form": form, "member": None})


@access.manager_required
def staff_edit(request, pk):
    member = _member(request, pk)
    form = StaffForm(request.POST if request.method == "POST" else None, instance=member)
    login_form = StaffLoginForm(initial={"role": member.user.role if member.user else "teacher"})
    if request.method == "POST" and form.is_valid():
        try:
            staff_services.staff_save(
                organisation=member.organisation, member=member, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Карточка педагога сохранена.")
            return redirect("programme:staff_list")
    return render(
        request,
        "programme/staff_form.html",
        {"form": form, "member": member, "login_form": login_form},
    )


@require_POST
@access.manager_required
def staff_toggle_active(request, pk):
    member = _member(request, pk)
    staff_services.staff_set_active(member=member, active=not member.is_active)
    state = "снова в списке работающих" if member.is_active else "отмечен уволенным"
    messages.success(request, f"{member.full_name}: {state}.")
    return redirect("programme:staff_edit", pk=member.pk)


@require_POST
@access.manager_required
def staff_create_login(request, pk):
    member = _member(request, pk)
    form = StaffLoginForm(request.POST)
    if form.is_valid():
        try:
            user, password = staff_services.staff_create_login(member=member, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.warning(
                request,
                f"Учётная запись создана. Логин: {user.username}, пароль: {password} — "
                "передайте его педагогу, он показан только один раз.",
            )
    else:
        messages.error(request, "Укажите логин и роль.")
    return redirect("programme:staff_edit", pk=member.pk)


def _stored_import(request):
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or not default_storage.exists(stored["path"]):
        return None, None
    with default_storage.open(stored["path"], "rb") as handle:
        return stored, handle.read()


def _forget_import(request) -> None:
    stored = request.session.pop(IMPORT_SESSION_KEY, None)
    if stored and default_storage.exists(stored["path"]):
        default_storage.delete(stored["path"])


@access.manager_required
def staff_import(request):
    """Upload → preview with every row's errors → apply all or nothing."""
    organisation = access.user_organisation(request.user)
    form = StaffImportForm(
        request.POST if request.method == "POST" else None, request.FILES or None
    )
    preview, filename = None, None
    if request.method == "POST" and request.POST.get("action") == "apply":
        stored, content = _stored_import(request)
        if stored is None:
            messages.error(request, "Файл для загрузки не найден: загрузите его снова.")
            return redirect("programme:staff_import")
        try:
            dataset = staff_services.read_staff_file(content=content, filename=stored["name"])
            result = staff_services.staff_import_apply(organisation=organisation, dataset=dataset)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("programme:staff_import")
        _forget_import(request)
        messages.success(
            request,
            f"Загружено: новых {result.count('новый')}, обновлено {result.count('изменится')}, "
            f"без изменений {result.count('без изменений')}.",
        )
        return redirect("programme:staff_list")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(staff_services.MAX_IMPORT_BYTES + 1)
        filename = upload.name
        try:
            dataset = staff_services.read_staff_file(content=content, filename=filename)
            preview = staff_services.staff_import_preview(
                organisation=organisation, dataset=dataset
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            _forget_import(request)
            path = default_storage.save(
                f"imports/{organisation.pk}/{secrets.token_hex(16)}.{filename.rsplit('.', 1)[-1]}",
                ContentFile(content),
            )
            request.session[IMPORT_SESSION_KEY] = {"path": path, "name": filename}
    return render(
        request,
        "programme/staff_import.html",
        {"form": form, "preview": preview, "filename": filename},
    )


@access.reader_required
def staff_export(request, fmt):
    organisation = access.user_organisation(request.user)
    try:
        content = staff_services.staff_export(organisation=organisation, fmt=fmt)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("programme:staff_list")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="pedagogi-{organisation.slug}.{fmt}"'
    return response


@access.manager_required
def staff_import_template(request):
    response = HttpResponse(staff_services.staff_template(), content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = 'attachment; filename="shablon-pedagogi.xlsx"'
    return response
