"""Routes of assessment (3.2, 4.1, 7.4), interviews (4.2) and training (4.3, 4.4), included
by programme/urls.py in its namespace."""

from django.urls import path

from .views import assessment, training

A = "programmes/<int:pk>/assessment/"
IV = "programmes/<int:pk>/interviews/"
T = "programmes/<int:pk>/training/"

urlpatterns = [
    path(A, assessment.assessment_home, name="assessment_home"),
    path(A + "go/", assessment.assessment_go, name="assessment_go"),
    path(A + "parameters/new/", assessment.parameter_create, name="parameter_create"),
    path(A + "parameters/defaults/", assessment.parameters_defaults, name="parameters_defaults"),
    path(A + "parameters/<int:parameter_pk>/", assessment.parameter_edit, name="parameter_edit"),
    path(
        A + "parameters/<int:parameter_pk>/delete/",
        assessment.parameter_delete,
        name="parameter_delete",
    ),
    path(A + "rounds/new/", assessment.round_create, name="round_create"),
    path(A + "rounds/<int:round_pk>/export/", assessment.round_export, name="round_export"),
    path(A + "rounds/<int:round_pk>/<str:scope>/", assessment.score_grid, name="score_grid"),
    path(A + "comparison/", assessment.assessment_comparison, name="assessment_comparison"),
    path(IV, assessment.interview_list, name="interview_list"),
    path(IV + "new/", assessment.interview_create, name="interview_create"),
    path(IV + "<int:interview_pk>/", assessment.interview_edit, name="interview_edit"),
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
