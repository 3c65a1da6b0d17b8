"""Routes of the competency catalogue and the mentee and mentor bases, included by
programme/urls/__init__.py in its namespace."""

from django.urls import path

from ..views import bases

MENTEES = "programmes/<int:pk>/mentees/"
MENTORS = "programmes/<int:pk>/mentors/"
C = "competencies/"

urlpatterns = [
    path(C, bases.competency_list, name="competency_list"),
    path(C + "new/", bases.competency_create, name="competency_create"),
    path(C + "defaults/", bases.competency_load_defaults, name="competency_load_defaults"),
    path(C + "<int:competency_pk>/", bases.competency_edit, name="competency_edit"),
    path(C + "<int:competency_pk>/toggle/", bases.competency_toggle, name="competency_toggle"),
    path(MENTEES, bases.mentee_list, name="mentee_list"),
    path(MENTEES + "add/", bases.mentee_add, name="mentee_add"),
    path(MENTEES + "bulk/", bases.mentee_bulk, name="mentee_bulk"),
    path(MENTEES + "analysis/", bases.mentee_analysis, name="mentee_analysis"),
    path(MENTEES + "<int:mentee_pk>/", bases.mentee_edit, name="mentee_edit"),
    path(MENTEES + "<int:mentee_pk>/status/", bases.mentee_status, name="mentee_status"),
    path(MENTORS, bases.mentor_list, name="mentor_list"),
    path(MENTORS + "add/", bases.mentor_add, name="mentor_add"),
    path(MENTORS + "candidates/", bases.mentor_candidates, name="mentor_candidates"),
    path(MENTORS + "candidates/add/", bases.mentor_candidate_add, name="mentor_candidate_add"),
    path(MENTORS + "<int:mentor_pk>/", bases.mentor_edit, name="mentor_edit"),
    path(MENTORS + "<int:mentor_pk>/status/", bases.mentor_status, name="mentor_status"),
    path("programmes/<int:pk>/comparison/", bases.comparison, name="comparison"),
]
