"""The app's routes: each part keeps its own in `urls/<part>.py`, all in the "pairing:"
namespace."""

from django.urls import include, path

app_name = "pairing"

PARTS = [
    "preferences",
    "board",
    "orders",
    "signin",
    "pairs",
    "outcomes",
    "plans",
    "meetings",
    "feedback",
    "overview",
    "sharing",
]

urlpatterns = [path("", include(f"pairing.urls.{part}")) for part in PARTS]
