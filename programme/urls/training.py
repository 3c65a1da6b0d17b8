"""Routes of mentor training (4.3, 4.4), included by programme/urls/__init__.py in its
namespace."""

from django.urls import path

from ..views import training

T = "programmes/<int:pk>/training/"

urlpatterns = [
    path(T, training.training_home, name="training_home"),
    path(T + "settings/", training.training_settings, name="training_settings"),
    path(T + "sessions/new/", training.session_create, name="session_create"),
    path(T + "sessions/<int:session_pk>/", training.session_edit, name="session_edit"),
    path(T + "mentors/<int:mentor_pk>/mark/", training.training_mark, name="training_mark"),
    path(T + "experts/", training.expert_list, name="expert_list"),
    path(T + "experts/<int:expert_pk>/", training.expert_edit, name="expert_edit"),
    path(T + "materials/", training.material_list, name="material_list"),
    path(
        T + "materials/<int:material_pk>/",
        training.material_download,
        name="material_download",
    ),
    path(
        T + "materials/<int:material_pk>/delete/",
        training.material_delete,
        name="material_delete",
    ),
]
