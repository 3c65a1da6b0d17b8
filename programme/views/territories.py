"""The coordinator adds kindergartens to her territory and invites their curators; the curator
sets her password from the emailed link (issue 24 §1)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from mentoring import throttle

from .. import access
from ..exceptions import DomainError
from ..forms.territories import KindergartenForm
from ..selectors.territories import kindergartens_of
from ..services import territories as services
from .base import save_form

LINK_GUESS_WINDOW = 60  # seconds, as the questionnaires' personal links


@access.coordinator_required
def kindergarten_list(request):
    if request.method == "POST":
        pk = request.POST.get("organisation", "")
        organisation = get_object_or_404(
            access.organisations_for(request.user), pk=int(pk) if pk.isdigit() else 0
        )
        try:
            sent = services.curator_reinvite(organisation=organisation, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"{organisation.short_name}: приглашение отправлено повторно ({len(sent)}).",
            )
        return redirect("programme:kindergarten_list")
    return render(
        request,
        "programme/territories/kindergarten_list.html",
        {"kindergartens": kindergartens_of(request.user)},
    )


@access.coordinator_required
def kindergarten_create(request):
    municipalities = services.municipalities_of(request.user)
    form = KindergartenForm(
        request.POST if request.method == "POST" else None, municipalities=municipalities
    )
    if len(municipalities) == 1 and not form.is_bound:
        form.initial["municipality"] = municipalities[0].pk

    def save(data):
        return services.kindergarten_add(
            by=request.user,
            municipality=data["municipality"],
            full_name=data["full_name"],
            short_name=data["short_name"],
            slug=data["slug"],
            address=data["address"],
            head_name=data["head_name"],
            email=data["email"],
            curator=services.Curator(
                last_name=data["curator_last_name"],
                first_name=data["curator_first_name"],
                patronymic=data["curator_patronymic"],
                email=data["curator_email"],
            ),
        )

    saved = save_form(
        request,
        form,
        save,
        success=lambda org: (
            f"Детский сад «{org.short_name}» добавлен, куратору отправлено приглашение."
        ),
    )
    if saved:
        return redirect("programme:kindergarten_list")
    return render(request, "programme/territories/kindergarten_form.html", {"form": form})


@never_cache
def set_password(request, uidb64, token):
    """The curator's «Задать пароль» page from the invitation letter: one use, then dead."""
    user = services.invited_user(uidb64, token)
    if user is None:
        within = throttle.hit(
            "personal-link",
            throttle.client_ip(request),
            limit=settings.LINK_GUESS_LIMIT,
            window=LINK_GUESS_WINDOW,
        )
        status = 404 if within else 429
        return render(request, "programme/territories/link_invalid.html", status=status)
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.password_set(user=user, password=form.cleaned_data["new_password1"])
        messages.success(request, "Пароль задан. Войдите с адресом почты и новым паролем.")
        return redirect("login")
    return render(
        request, "programme/territories/set_password.html", {"form": form, "invited": user}
    )
