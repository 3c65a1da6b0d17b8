"""The app's routes: each part keeps its own in `urls/<part>.py`, all in the "programme:"
namespace."""

from django.urls import include, path

app_name = "programme"

PARTS = [
    "programmes",
    "staff",
    "events",
    "bases",
    "assessment",
    "interviews",
    "training",
    "territories",
]

urlpatterns = [path("", include(f"programme.urls.{part}")) for part in PARTS]
