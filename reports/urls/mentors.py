from django.urls import path

from ..views import mentors

urlpatterns = [
    path(
        "programmes/<int:pk>/mentors/<int:mentor_pk>/consent.pdf",
        mentors.mentor_consent_pdf,
        name="mentor_consent_pdf",
    ),
    path(
        "programmes/<int:pk>/mentors/<int:mentor_pk>/addendum.pdf",
        mentors.mentor_addendum_pdf,
        name="mentor_addendum_pdf",
    ),
]
