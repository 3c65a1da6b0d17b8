"""Routes of the group meeting's preferences (5.2), included by pairing/urls/__init__.py in its
namespace."""

from django.urls import path

from ..views import preferences

urlpatterns = [
    path("programmes/<int:pk>/preferences/", preferences.preferences, name="preferences"),
    path(
        "programmes/<int:pk>/events/<int:event_pk>/preferences/",
        preferences.preferences_send,
        name="preferences_send",
    ),
]
