from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("programmes/<int:pk>/roadmap.pdf", views.roadmap_pdf, name="roadmap_pdf"),
    path("programmes/<int:pk>/announcement.pdf", views.announcement_pdf, name="announcement_pdf"),
    path(
        "programmes/<int:pk>/mentors/<int:mentor_pk>/consent.pdf",
        views.mentor_consent_pdf,
        name="mentor_consent_pdf",
    ),
    path(
        "programmes/<int:pk>/mentors/<int:mentor_pk>/addendum.pdf",
        views.mentor_addendum_pdf,
        name="mentor_addendum_pdf",
    ),
    path("join/<slug:slug>/", views.join, name="join"),
    path("to-sign/", views.to_sign, name="to_sign"),
]
