"""Routes of the programmes, their dashboard and roadmap activities, and the user's own page,
included by programme/urls/__init__.py in its namespace."""

from django.urls import path

from ..views import programmes

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
]
