"""Routes of the sign-in links, in the "pairing:" namespace."""

from django.urls import path

from ..views import signin

urlpatterns = [
    path("signin/", signin.signin_request, name="signin_request"),
    path("signin/<str:token>/", signin.signin, name="signin"),
    path("programmes/<int:pk>/signin-sheets/", signin.signin_sheets, name="signin_sheets"),
]
