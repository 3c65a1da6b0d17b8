"""The password login page: Django's, plus the per-username slow-down of `mentoring.throttle`
(django-axes, in the authentication backends and its middleware, locks the pair username ×
address; this page makes guessing one username from many addresses slow, never locked)."""

from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS

from . import throttle


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        throttle.login_slow_down(request.POST.get("username", ""))
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error(NON_FIELD_ERRORS, code="invalid_login"):
            throttle.login_failed(self.request.POST.get("username", ""))
        return super().form_invalid(form)
