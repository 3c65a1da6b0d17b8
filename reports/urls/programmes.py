from django.urls import path

from ..views import programmes

urlpatterns = [
    path("programmes/<int:pk>/roadmap.pdf", programmes.roadmap_pdf, name="roadmap_pdf"),
    path(
        "programmes/<int:pk>/announcement.pdf", programmes.announcement_pdf, name="announcement_pdf"
    ),
]
