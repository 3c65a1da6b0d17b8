"""Pages of mentor training: experts and materials (4.3), sessions with attendance, the
completion rule and the curator's mark (4.4)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.downloads import file_response

from .. import access
from ..exceptions import DomainError
from ..forms.training import ExpertForm, MaterialForm, SessionForm, TrainingSettingsForm
from ..models import Expert, Material, MentorProfile, TrainingSession
from ..selectors import training as selectors
from ..services import training as services
from ..uploads import download_name
from ..validators import is_safe_url
from .base import save_form


def _ready_message(request, ready) -> None:
    if ready:
        names = ", ".join(m.staff.full_name for m in ready)
        messages.success(request, f"Обучение завершено, статус «готов»: {names}.")


@access.named_data_required
def training_home(request, pk):
    programme = access.get_programme(request.user, pk)
    return render(
        request,
        "programme/training/training_home.html",
        {
            "programme": programme,
            "sessions": selectors.sessions_for_list(programme),
            "mentors": selectors.mentors_training(programme),
            "settings": services.training_settings(programme),
            "can_manage": access.can_manage(request.user),
        },
    )


@access.manager_required
def training_settings(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    form = TrainingSettingsForm(
        request.POST or None, instance=services.training_settings(programme)
    )
    if saved := save_form(
        request,
        form,
        lambda data: services.training_settings_update(programme=programme, **data),
        success="Правило завершения обучения сохранено.",
    ):
        _settings, ready = saved.result
        _ready_message(request, ready)
        return redirect("programme:training_home", pk=programme.pk)
    return render(
        request,
        "programme/training/training_settings.html",
        {"programme": programme, "form": form},
    )


@require_POST
@access.manager_required
def training_mark(request, pk, mentor_pk):
    programme = access.get_programme(request.user, pk, write=True)
    mentor = get_object_or_404(
        MentorProfile.objects.filter(programme=programme).select_related("staff", "programme"),
        pk=mentor_pk,
    )
    try:
        if request.POST.get("undo"):
            back = services.training_unmark(mentor=mentor)
            text = "Отметка «обучение завершено» снята."
            if back:
                text += f" {mentor.staff.full_name} снова в статусе «обучение»."
            messages.success(request, text)
        else:
            ready = services.training_mark(mentor=mentor, by=request.user)
            text = f"{mentor.staff.full_name}: обучение завершено."
            if ready:
                text += " Статус — «готов»."
            else:
                text += f" Статус не изменился («{mentor.get_status_display()}»): готовым "
                text += "становится только наставник в статусе «обучение»."
            messages.success(request, text)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("programme:training_home", pk=programme.pk)


def _session_page(request, programme, session=None):
    mentors = services.trainable_mentors(programme)
    attended_ids = selectors.session_attendance_ids(session) if session else set()
    form = SessionForm(
        request.POST or None,
        instance=session,
        programme=programme,
        mentors=mentors,
        attended_ids=attended_ids,
    )
    if saved := save_form(
        request,
        form,
        lambda data: services.session_save_with_attendance(
            programme=programme, session=session, **data
        ),
        success="Занятие и отметки о присутствии сохранены.",
    ):
        _ready_message(request, saved.result)
        return redirect("programme:training_home", pk=programme.pk)
    return render(
        request,
        "programme/training/session_form.html",
        {"programme": programme, "session": session, "form": form},
    )


@access.manager_required
def session_create(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    return _session_page(request, programme)


@access.manager_required
def session_edit(request, pk, session_pk):
    programme = access.get_programme(request.user, pk, write=True)
    session = get_object_or_404(TrainingSession.objects.filter(programme=programme), pk=session_pk)
    return _session_page(request, programme, session)


# --- experts and materials (4.3) ---


@access.named_data_required
def expert_list(request, pk):
    programme = access.get_programme(request.user, pk, write=request.method == "POST")
    form = ExpertForm(request.POST or None)
    if save_form(
        request,
        form,
        lambda data: services.expert_save(
            organisation=programme.organisation, programme=programme, **data
        ),
        success="Эксперт добавлен.",
    ):
        return redirect("programme:expert_list", pk=programme.pk)
    return render(
        request,
        "programme/training/expert_list.html",
        {
            "programme": programme,
            "experts": selectors.experts_for(programme),
            "form": form,
            "can_manage": access.can_manage(request.user),
        },
    )


@access.manager_required
def expert_edit(request, pk, expert_pk):
    programme = access.get_programme(request.user, pk, write=True)
    expert = get_object_or_404(
        Expert.objects.filter(organisation_id=programme.organisation_id), pk=expert_pk
    )
    form = ExpertForm(request.POST or None, instance=expert)
    if save_form(
        request,
        form,
        lambda data: services.expert_save(
            organisation=programme.organisation, expert=expert, **data
        ),
        success="Эксперт сохранён.",
    ):
        return redirect("programme:expert_list", pk=programme.pk)
    return render(
        request,
        "programme/training/expert_form.html",
        {"programme": programme, "expert": expert, "form": form},
    )


@access.reader_required
def material_list(request, pk):
    programme = access.get_programme(request.user, pk, write=request.method == "POST")
    form = MaterialForm(request.POST or None, request.FILES or None)
    if save_form(
        request,
        form,
        lambda data: services.material_add(
            programme=programme, title=data["title"], upload=data["file"], url=data["url"]
        ),
        success="Материал добавлен.",
    ):
        return redirect("programme:material_list", pk=programme.pk)
    return render(
        request,
        "programme/training/material_list.html",
        {
            "programme": programme,
            "materials": selectors.materials_for(programme),
            "form": form,
            "can_manage": access.can_manage(request.user),
        },
    )


def _material(request, pk, material_pk, *, write=False) -> Material:
    programme = access.get_programme(request.user, pk, write=write)
    return get_object_or_404(Material.objects.filter(programme=programme), pk=material_pk)


@access.reader_required
def material_download(request, pk, material_pk):
    """Files are served only to those who may see the programme, never from a public folder."""
    material = _material(request, pk, material_pk)
    if not material.file:
        if not is_safe_url(material.url):
            raise Http404
        return redirect(material.url.strip())
    filename = download_name(material.file, material.original_name)
    return file_response(material.file, filename)


@require_POST
@access.manager_required
def material_delete(request, pk, material_pk):
    material = _material(request, pk, material_pk, write=True)
    services.material_delete(material=material)
    messages.success(request, "Материал удалён.")
    return redirect("programme:material_list", pk=pk)
