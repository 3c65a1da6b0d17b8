import datetime as dt

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.downloads import name_download

from .. import access
from ..exceptions import DomainError
from ..forms.staff import (
    StaffFilterForm,
    StaffForm,
    StaffImportForm,
    StaffImportSettingsForm,
    StaffLoginForm,
)
from ..selectors.audit import person_history
from ..selectors.staff import probable_duplicates, staff_import_job, staff_search
from ..services import staff as staff_services
from ..services import staff_files
from ..services import staff_import as importing
from ..services import staff_import_jobs as import_jobs
from ..services.audit import log_download

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
IMPORT_SESSION_KEY = "staff_import"
IMPORT_KEPT_FOR = dt.timedelta(days=1)
REFRESH_SECONDS = 2  # the waiting page reloads itself (a meta refresh: no script)


def _member(request, pk):
    return get_object_or_404(access.staff_for(request.user), pk=pk)


@access.named_data_required
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
            for twin in probable_duplicates(
                organisation=organisation,
                last_name=member.last_name,
                first_name=member.first_name,
                patronymic=member.patronymic,
                birth_date=member.birth_date,
                exclude_pk=member.pk,
            ):
                messages.warning(
                    request,
                    f"Возможно, это повтор: в списке уже есть {twin.full_name} с той же датой "
                    "рождения. Если это один человек, отметьте лишнюю карточку уволенной.",
                )
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
        {
            "form": form,
            "member": member,
            "login_form": login_form,
            "history": person_history(member),
        },
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
    """The upload waiting on the server for this session, or None when it is gone."""
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or not default_storage.exists(stored["path"]):
        return None
    return stored


def _forget_import(request) -> None:
    stored = request.session.pop(IMPORT_SESSION_KEY, None)
    if stored and default_storage.exists(stored["path"]):
        default_storage.delete(stored["path"])


def _sweep_stale_imports(organisation, *, keep: str) -> None:
    """Files left by previews nobody applied (a staff list is personal data), and the previews
    kept for them: gone after a day."""
    folder = f"imports/{organisation.pk}"
    cutoff = timezone.now() - IMPORT_KEPT_FOR
    import_jobs.staff_import_forget_before(organisation=organisation, cutoff=cutoff)
    try:
        names = default_storage.listdir(folder)[1]
    except FileNotFoundError:
        return
    for name in names:
        path = f"{folder}/{name}"
        if path != keep and default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)


def _import_done(request, result) -> None:
    messages.success(
        request,
        f"Загружено: новых {result.count_new}, обновлено {result.count_update}, "
        f"без изменений {result.count_same}, пропущено {result.count_skip}.",
    )
    if result.initials_count:
        messages.warning(
            request,
            f"Записано только с инициалами: {result.initials_count}. Допишите их имена и "
            "отчества в карточках (найдите их в списке по фамилии).",
        )


@access.manager_required
def staff_import(request):
    """Upload → preview (mapping, questions, every row's fate) → corrections → apply all or
    nothing. The reading is the background worker's (`staff_import_jobs`): a post stores the
    file or the settings, enqueues and comes back here, where the page waits for the job."""
    organisation = access.user_organisation(request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    form = StaffImportForm()
    if "file" in request.FILES:
        form = StaffImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read(staff_files.MAX_IMPORT_BYTES + 1)
            try:
                path = import_jobs.staff_import_store(
                    organisation=organisation,
                    user=request.user,
                    content=content,
                    filename=upload.name,
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                _forget_import(request)
                _sweep_stale_imports(organisation, keep=path)
                job = import_jobs.staff_import_start(
                    organisation=organisation, user=request.user, path=path, filename=upload.name
                )
                request.session[IMPORT_SESSION_KEY] = {
                    "path": path,
                    "name": upload.name,
                    "job": job.pk,
                }
                return redirect("programme:staff_import")
    elif action in ("preview", "apply"):
        stored = _stored_import(request)
        if stored is None:
            messages.error(request, import_jobs.NOT_FOUND)
            return redirect("programme:staff_import")
        posted = StaffImportSettingsForm(request.POST)
        valid = posted.is_valid()
        job = import_jobs.staff_import_start(
            organisation=organisation,
            user=request.user,
            path=stored["path"],
            filename=stored["name"],
            kind=action,
            settings=posted.settings() if valid else importing.ImportSettings(),
            digest=posted.cleaned_data.get("digest", "") if valid else "",
        )
        request.session[IMPORT_SESSION_KEY] = {**stored, "job": job.pk}
        return redirect("programme:staff_import")
    elif request.method == "POST":
        form = StaffImportForm(request.POST, request.FILES)
        form.is_valid()  # «Выберите файл.»
    stored = request.session.get(IMPORT_SESSION_KEY) or {}
    job = staff_import_job(organisation=organisation, user=request.user, pk=stored.get("job"))
    if job is not None and job.kind == job.Kind.APPLY and job.status == job.Status.DONE:
        _forget_import(request)
        _import_done(request, import_jobs.preview_from_json(job.result))
        return redirect("programme:staff_list")
    preview = settings_form = None
    if job is not None and job.result is not None and not job.in_progress:
        preview = import_jobs.preview_from_json(job.result)
        settings_form = StaffImportSettingsForm(preview=preview)
    return render(
        request,
        "programme/staff_import.html",
        {
            "form": form,
            "job": job,
            "preview": preview,
            "settings_form": settings_form,
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


@access.named_data_required
def staff_export(request, fmt):
    organisation = access.user_organisation(request.user)
    try:
        content = staff_services.staff_export(organisation=organisation, fmt=fmt)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("programme:staff_list")
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"Педагоги — {organisation.short_name}.{fmt}"
    name_download(response, filename)
    log_download(obj=organisation, what=filename)  # the named staff list left the system
    return response


@access.manager_required
def staff_import_template(request):
    response = HttpResponse(staff_services.staff_template(), content_type=CONTENT_TYPES["xlsx"])
    return name_download(response, "Шаблон списка педагогов.xlsx")
