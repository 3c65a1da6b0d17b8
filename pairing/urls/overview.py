"""Routes of the curator's overview of all pairs."""

from django.urls import path

from ..views import overview

urlpatterns = [
    path("programmes/<int:pk>/pairs/", overview.overview, name="overview"),
    path("programmes/<int:pk>/pairs.xlsx", overview.overview_xlsx, name="overview_xlsx"),
]
