from django.urls import include, path

from .views import programmes

app_name = "programme"

urlpatterns = [
    path("", programmes.home, name="home"),
    path("me/", programmes.my_page, name="my_page"),
    path("programmes/", programmes.programme_list, name="programme_list"),
    path("programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programmes.dashboard, name="dashboard"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/copy/", programmes.programme_copy, name="programme_copy"),
    path(
        "programmes/<int:pk>/activities/<str:code>/",
        programmes.activity_edit,
        name="activity_edit",
    ),
    # Each part of the app keeps its routes in its own module (same "programme:" namespace).
    path("", include("programme.urls_staff")),
    path("", include("programme.urls_events")),
    path("", include("programme.urls_bases")),
    path("", include("programme.urls_assessment")),
]
