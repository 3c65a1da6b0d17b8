from django.urls import path

from ..views import territories

urlpatterns = [
    path("territory/", territories.rollup, name="territory"),
    path("territory/svod.xlsx", territories.rollup_xlsx, name="territory_xlsx"),
]
