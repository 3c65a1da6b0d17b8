from django.urls import path

from ..views import territories

urlpatterns = [
    path("territory/kindergartens/", territories.kindergarten_list, name="kindergarten_list"),
    path(
        "territory/kindergartens/new/",
        territories.kindergarten_create,
        name="kindergarten_create",
    ),
    path(
        "accounts/invitation/<str:uidb64>/<str:token>/",
        territories.set_password,
        name="set_password",
    ),
]
