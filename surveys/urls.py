from django.urls import path

from .views import fill, manage

app_name = "surveys"

P = "programmes/<int:pk>/"
Q = P + "questionnaires/<int:qid>/"

urlpatterns = [
    # A teacher from a personal link, without a password.
    path("q/<str:token>/", fill.fill, name="fill"),
    path("q/<str:token>/consent/", fill.consent, name="fill_consent"),
    path("q/<str:token>/withdraw/", fill.withdraw, name="fill_withdraw"),
    path("q/<str:token>/thanks/", fill.thanks, name="fill_thanks"),
    # A teacher with a login, from their own page.
    path("my/questionnaires/", manage.my_questionnaires, name="my_questionnaires"),
    path("my/consent/withdraw/", manage.my_consent_withdraw, name="my_consent_withdraw"),
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
    path(P + "questionnaires/", manage.questionnaire_list, name="questionnaire_list"),
    path(Q + "invitations/", manage.invitation_list, name="invitation_list"),
    path(Q + "invitations/new/", manage.invitation_create, name="invitation_create"),
    path(Q + "invitations/remind/", manage.invitation_remind, name="invitation_remind"),
    path(Q + "invitations/sheets.pdf", manage.invitation_sheets, name="invitation_sheets"),
    path(
        Q + "invitations/<int:invitation_id>/revoke/",
        manage.invitation_revoke,
        name="invitation_revoke",
    ),
    path(Q + "results/", manage.results, name="results"),
    path(Q + "results.xlsx", manage.results_xlsx, name="results_xlsx"),
    path(P + "consents/", manage.consent_list, name="consent_list"),
    path(P + "consents/<int:consent_id>/scan/", manage.consent_scan, name="consent_scan"),
    path(P + "third-party/", manage.third_party, name="third_party"),
    path(
        P + "assessment/rounds/<int:round_pk>/<str:scope>/self/",
        manage.self_assessment_start,
        name="self_assessment_start",
    ),
    path(P + "mentees/<int:staff_id>/answers/", manage.side_by_side, name="side_by_side"),
]
