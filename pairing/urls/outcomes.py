"""Routes of the pair's outcome, in the "pairing:" namespace. `pk` is the pairing's."""

from django.urls import path

from ..views import outcomes

urlpatterns = [
    path("pairs/<int:pk>/outcome/", outcomes.outcome_record, name="outcome_record"),
    path("pairs/<int:pk>/outcome/confirm/", outcomes.outcome_confirm, name="outcome_confirm"),
    path("pairs/<int:pk>/outcome/return/", outcomes.outcome_return, name="outcome_return"),
]
