"""Routes of the shared mentors (issue 24, item 4), included by pairing/urls/__init__.py."""

from django.urls import path

from ..views import sharing

P = "programmes/<int:pk>/"

urlpatterns = [
    path(P + "shared-mentors/", sharing.shared_mentor_list, name="shared_mentor_list"),
    path(
        P + "shared-mentors/<int:mentor_id>/ask/",
        sharing.shared_mentor_ask,
        name="shared_mentor_ask",
    ),
    path(P + "loans/", sharing.loan_list, name="loan_list"),
    path(P + "loans/<int:loan_id>/answer/", sharing.loan_answer, name="loan_answer"),
    path(P + "loans/<int:loan_id>/cancel/", sharing.loan_cancel, name="loan_cancel"),
    path(P + "loans/<int:loan_id>/letter.pdf", sharing.loan_letter_pdf, name="loan_letter_pdf"),
    path("my/loans/", sharing.my_loans, name="my_loans"),
    path("my/loans/<int:loan_id>/answer/", sharing.my_loan_answer, name="my_loan_answer"),
    path(
        "territory/shared-mentors/",
        sharing.territory_shared_mentors,
        name="territory_shared_mentors",
    ),
]
