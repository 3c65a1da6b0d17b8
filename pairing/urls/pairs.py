"""Routes of the pair's page, in the "pairing:" namespace. `pk` is the pairing's."""

from django.urls import path

from ..views import pairs

urlpatterns = [
    path("pairs/<int:pk>/", pairs.pair, name="pair"),
    path("pairs/<int:pk>/end/", pairs.pair_end, name="pair_end"),
]
