"""Routes of assessment (3.2, 4.1, 7.4), included by programme/urls/__init__.py in its
namespace."""

from django.urls import path

from ..views import assessment

A = "programmes/<int:pk>/assessment/"

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
]
