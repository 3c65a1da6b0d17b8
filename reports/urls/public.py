from django.urls import path

from ..views import public

urlpatterns = [
    path("public-page/", public.public_settings, name="public_settings"),
    path("o/<slug:slug>/", public.public_page, name="public_page"),
    path("o/<slug:slug>/feed.atom", public.public_feed, name="public_feed"),
]
