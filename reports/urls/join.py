from django.urls import path

from ..views import join

urlpatterns = [path("join/<slug:slug>/", join.join, name="join")]
