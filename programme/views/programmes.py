from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import access, selectors, services
from ..exceptions import DomainError
from ..forms.programmes import ActivityForm, ProgrammeForm


@login_required
def home(request):
    """Each role lands on its own start page."""
    user = request.user
    if user.is_regional:
        return redirect("reports:territory")  # the coordinator's roll-up of her territory
    if access.can_read_programmes(user):
        programme = access.programmes_for(user).order_by("-year").first()
        if programme is not None and not user.is_regional:
            return redirect("programme:dashboard", pk=programme.pk)
        return redirect("programme:programme_list")
    return redirect("programme:my_page")


@access.reader_required
def programme_list(request):
    programmes = selectors.programmes_with_progress(access.programmes_for(request.user)).order_by(
        "organisation__short_name", "-year"
    )
    query = request.GET.get("q", "").strip()
    if query:
        programmes = programmes.filter(
            organisation__short_name__icontains=query
        ) | programmes.filter(title__icontains=query)
    return render(
        request,
        "programme/programme_list.html",
        {"programmes": programmes, "query": query, "can_manage": access.can_manage(request.user)},
    )


@access.manager_required
def programme_create(request):
    organisation = access.user_organisation(request.user)
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(organisation=organisation, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, "Программа создана: 33 мероприятия дорожной карты в 7 этапах."
            )
            return redirect("programme:dashboard", pk=programme.pk)
    return render(request, "programme/programme_form.html", {"form": form, "programme": None})


@access.manager_required
def programme_edit(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    form = ProgrammeForm(
        request.POST if request.method == "POST" else None,
        instance=programme,
        organisation=programme.organisation,
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "year"}
        try:
            services.programme_update(programme=programme, **data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Настройки программы сохранены.")
            return redirect("programme:dashboard", pk=programme.pk)
    return render(request, "programme/programme_form.html", {"form": form, "programme": programme})


@require_POST
@access.manager_required
def programme_copy(request, pk):
    programme = access.get_programme(request.user, pk, write=True)
    try:
        new = services.programme_copy_to_next_year(programme=programme)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("programme:dashboard", pk=programme.pk)
    messages.success(request, f"Создана программа на {new.year} год; статусы мероприятий сброшены.")
    return redirect("programme:dashboard", pk=new.pk)


@access.reader_required
def dashboard(request, pk):
    programme = access.get_programme(request.user, pk)
    data = selectors.programme_dashboard(programme)
    return render(
        request,
        "programme/dashboard.html",
        {"programme": programme, "dashboard": data, "can_manage": access.can_manage(request.user)},
    )


@access.manager_required
def activity_edit(request, pk, code):
    programme = access.get_programme(request.user, pk, write=True)
    activity = get_object_or_404(programme.activities.select_related("stage"), code=code)
    form = ActivityForm(request.POST if request.method == "POST" else None, instance=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(activity=activity, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Мероприятие {activity.code} сохранено.")
            return redirect(
                reverse("programme:dashboard", args=[programme.pk]) + f"#a{activity.code}"
            )
    return render(
        request,
        "programme/activity_form.html",
        {"programme": programme, "activity": activity, "form": form},
    )


@login_required
def my_page(request):
    """A teacher's own page: who they are in the staff list and what the programme asks of them.

    Other apps add their blocks (questionnaires, the pair) through the template's includes.
    """
    staff = getattr(request.user, "staff_member", None)
    return render(request, "programme/my_page.html", {"staff": staff})
