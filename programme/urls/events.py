"""Routes of the roadmap's events, included by programme/urls/__init__.py in its namespace."""

from django.urls import path

from ..views import events

P = "programmes/<int:pk>/events/"

urlpatterns = [
    path(P, events.event_list, name="event_list"),
    path(P + "new/", events.event_create, name="event_create"),
    path(P + "<int:event_pk>/", events.event_detail, name="event_detail"),
    path(P + "<int:event_pk>/edit/", events.event_edit, name="event_edit"),
    path(P + "<int:event_pk>/attendance/", events.event_attendance, name="event_attendance"),
    path(P + "<int:event_pk>/minutes/", events.event_minutes, name="event_minutes"),
    path(P + "<int:event_pk>/files/", events.event_attachment_add, name="event_attachment_add"),
    path(
        P + "<int:event_pk>/files/<int:attachment_pk>/",
        events.event_attachment_download,
        name="event_attachment_download",
    ),
    path(
        P + "<int:event_pk>/files/<int:attachment_pk>/delete/",
        events.event_attachment_delete,
        name="event_attachment_delete",
    ),
]
