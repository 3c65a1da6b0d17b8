"""Routes of mentor interviews (4.2), included by programme/urls/__init__.py in its namespace."""

from django.urls import path

from ..views import interviews

IV = "programmes/<int:pk>/interviews/"

urlpatterns = [
    path(IV, interviews.interview_list, name="interview_list"),
    path(IV + "new/", interviews.interview_create, name="interview_create"),
    path(IV + "<int:interview_pk>/", interviews.interview_edit, name="interview_edit"),
]
