"""Routes of the pairs' meetings and calendars, in the "pairing:" namespace. Under `meetings/`
the `pk` is a meeting's."""

from django.urls import path

from ..views import meetings

MEETING = "meetings/<int:pk>/"

urlpatterns = [
    path("pairs/<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path(MEETING, meetings.meeting, name="meeting"),
    path(MEETING + "edit/", meetings.meeting_edit, name="meeting_edit"),
    path(MEETING + "delete/", meetings.meeting_delete, name="meeting_delete"),
    path(MEETING + "outcome/", meetings.meeting_outcome, name="meeting_outcome"),
    path(MEETING + "meeting.ics", meetings.meeting_ics, name="meeting_ics"),
    path(
        MEETING + "files/<int:attachment_pk>/",
        meetings.meeting_attachment,
        name="meeting_attachment",
    ),
    path(
        MEETING + "files/<int:attachment_pk>/delete/",
        meetings.meeting_attachment_delete,
        name="meeting_attachment_delete",
    ),
    path("my/calendar/", meetings.my_calendar, name="my_calendar"),
    path("calendar/<str:token>.ics", meetings.calendar_feed, name="calendar_feed"),
]
