from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from mentoring.health import healthz
from mentoring.login import LoginView


def favicon(request):
    return redirect(static("favicon.svg"), permanent=True)


admin.site.site_header = "Наставничество педагогов — администрирование"
admin.site.site_title = "Наставничество педагогов"
admin.site.index_title = "Данные программы наставничества"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path(
        "accounts/login/",
        LoginView.as_view(),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("programme.urls")),
    path("", include("surveys.urls")),
    path("", include("reports.urls")),
    path("", include("pairing.urls")),
    path("home/", RedirectView.as_view(pattern_name="programme:home"), name="home"),
    # Browsers ask for /favicon.ico on pages that name no icon (a PDF, the admin).
    path("favicon.ico", favicon, name="favicon"),
]

# Uploaded files (MEDIA_ROOT) are never served by their address, not even with DEBUG on: signed
# consent scans and event attachments go out only through views that check who asks
# (consent_scan, event_attachment_download, material_download, order_pdf).
