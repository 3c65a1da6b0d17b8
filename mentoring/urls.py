from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Наставничество педагогов — администрирование"
admin.site.site_title = "Наставничество педагогов"
admin.site.index_title = "Данные программы наставничества"

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("programme.urls")),
    path("", include("surveys.urls")),
    path("", include("reports.urls")),
    path("", include("pairing.urls")),
    path("home/", RedirectView.as_view(pattern_name="programme:home"), name="home"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
