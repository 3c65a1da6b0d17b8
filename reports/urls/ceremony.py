from django.urls import path

from ..views import ceremony

P = "programmes/<int:pk>/ceremony/"

urlpatterns = [
    path(P, ceremony.ceremony, name="ceremony"),
    path(P + "invite/", ceremony.ceremony_invite, name="ceremony_invite"),
    path(P + "guests/", ceremony.ceremony_guest_add, name="ceremony_guest_add"),
    path(P + "uninvite/", ceremony.ceremony_invitation_remove, name="ceremony_invitation_remove"),
    path(P + "invitations.pdf", ceremony.ceremony_invitations_pdf, name="ceremony_invitations_pdf"),
    path(
        P + "invitations/send/",
        ceremony.ceremony_invitations_send,
        name="ceremony_invitations_send",
    ),
    path(P + "nominations/", ceremony.ceremony_nomination_add, name="ceremony_nomination_add"),
    path(
        P + "nominations/<int:nomination_pk>/delete/",
        ceremony.ceremony_nomination_delete,
        name="ceremony_nomination_delete",
    ),
    path(P + "awards/", ceremony.ceremony_award_add, name="ceremony_award_add"),
    path(P + "awards/pair/", ceremony.ceremony_award_pair, name="ceremony_award_pair"),
    path(
        P + "awards/<int:award_pk>/delete/",
        ceremony.ceremony_award_delete,
        name="ceremony_award_delete",
    ),
    path(
        P + "awards/<int:award_pk>/certificate.pdf",
        ceremony.ceremony_certificate_pdf,
        name="ceremony_certificate_pdf",
    ),
    path(
        P + "certificates.pdf",
        ceremony.ceremony_certificates_pdf,
        name="ceremony_certificates_pdf",
    ),
    path(P + "record/", ceremony.ceremony_record, name="ceremony_record"),
]
