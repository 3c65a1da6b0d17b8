from django.urls import path

from .views import (
    consents,
    fill,
    invitations,
    join,
    questionnaires,
    responses,
    self_assessment,
)

app_name = "surveys"

P = "programmes/<int:pk>/"
Q = P + "questionnaires/<int:qid>/"

urlpatterns = [
    # A teacher from a personal link, without a password.
    path("q/<str:token>/", fill.fill, name="fill"),
    path("q/<str:token>/consent/", fill.consent, name="fill_consent"),
    path("q/<str:token>/withdraw/", fill.withdraw, name="fill_withdraw"),
    path("q/<str:token>/thanks/", fill.thanks, name="fill_thanks"),
    path("q/<str:token>/publication/", fill.publication, name="fill_publication"),
    # A teacher with a login, from their own page.
    path("my/questionnaires/", questionnaires.my_questionnaires, name="my_questionnaires"),
    path("my/consent/withdraw/", consents.my_consent_withdraw, name="my_consent_withdraw"),
    path(
        "my/consent/publication/",
        consents.my_publication_consent,
        name="my_publication_consent",
    ),
    path("my/consent/sharing/", consents.my_sharing_consent, name="my_sharing_consent"),
    path("my/questionnaires/<int:invitation_id>/", fill.fill_mine, name="fill_mine"),
    path(
        "my/questionnaires/<int:invitation_id>/consent/",
        fill.fill_mine_consent,
        name="fill_mine_consent",
    ),
    path(
        "my/questionnaires/<int:invitation_id>/withdraw/",
        fill.fill_mine_withdraw,
        name="fill_mine_withdraw",
    ),
    path(
        "my/questionnaires/<int:invitation_id>/thanks/",
        fill.fill_mine_thanks,
        name="fill_mine_thanks",
    ),
    # The curator's pages.
    path(P + "questionnaires/", questionnaires.questionnaire_list, name="questionnaire_list"),
    path(Q + "invitations/", invitations.invitation_list, name="invitation_list"),
    path(Q + "invitations/new/", invitations.invitation_create, name="invitation_create"),
    path(Q + "invitations/remind/", invitations.invitation_remind, name="invitation_remind"),
    path(Q + "invitations/sheets.pdf", invitations.invitation_sheets, name="invitation_sheets"),
    path(
        Q + "invitations/<int:invitation_id>/revoke/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    path(Q + "results/", responses.results, name="results"),
    path(Q + "results.xlsx", responses.results_xlsx, name="results_xlsx"),
    path(Q + "results/open/<str:code>/", responses.results_open, name="results_open"),
    path(
        P + "join-requests/<int:request_id>/sheet.pdf",
        join.join_request_sheet,
        name="join_request_sheet",
    ),
    path(
        P + "join-requests/<int:request_id>/done/",
        join.join_request_done,
        name="join_request_done",
    ),
    path(P + "consents/", consents.consent_list, name="consent_list"),
    path(P + "consents/<int:consent_id>/scan/", consents.consent_scan, name="consent_scan"),
    path(P + "consents/forms.pdf", consents.consent_forms_pdf, name="consent_forms_pdf"),
    path(P + "consents/remind/", consents.reconsent_remind, name="reconsent_remind"),
    path(P + "third-party/", responses.third_party, name="third_party"),
    path(
        P + "assessment/rounds/<int:round_pk>/<str:scope>/self/",
        self_assessment.self_assessment_start,
        name="self_assessment_start",
    ),
    path(P + "mentees/<int:staff_id>/answers/", responses.side_by_side, name="side_by_side"),
]
