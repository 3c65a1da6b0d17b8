"""Routes of the scheduled feedback (6.5) and the satisfaction questionnaire (6.8)."""

from django.urls import path

from ..views import feedback

P = "programmes/<int:pk>/"

urlpatterns = [
    path(P + "feedback/", feedback.feedback, name="feedback"),
    path(P + "feedback/send/", feedback.feedback_send_due, name="feedback_send_due"),
    path(
        P + "feedback/rounds/<int:round_pk>/delete/",
        feedback.feedback_round_delete,
        name="feedback_round_delete",
    ),
    path(P + "satisfaction/", feedback.satisfaction, name="satisfaction"),
    path(P + "satisfaction/send/", feedback.satisfaction_send, name="satisfaction_send"),
]
