from django.urls import path

from ..views import public

urlpatterns = [
    path("public-page/", public.public_settings, name="public_settings"),
    path("o/<slug:slug>/", public.public_page, name="public_page"),
    path("o/<slug:slug>/feed.atom", public.public_feed, name="public_feed"),
    path("o/<slug:slug>/photos/<int:staff_pk>/", public.public_photo, name="public_photo"),
    path(
        "public-page/photos/<int:staff_pk>/",
        public.public_photo_upload,
        name="public_photo_upload",
    ),
    path(
        "public-page/photos/<int:staff_pk>/delete/",
        public.public_photo_delete,
        name="public_photo_delete",
    ),
]
