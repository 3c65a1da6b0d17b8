"""The app's routes: each part keeps its own in `urls/<part>.py`, all in the "reports:"
namespace."""

from django.urls import include, path

app_name = "reports"

PARTS = [
    "programmes",
    "mentors",
    "join",
    "signing",
    "monitoring",
    "ceremony",
    "cases",
    "public",
    "history",
    "closing",
    "territories",
]

urlpatterns = [path("", include(f"reports.urls.{part}")) for part in PARTS]
