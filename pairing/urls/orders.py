"""Routes of 5.4 (orders, notices) and of a pairing's page, in the "pairing:" namespace."""

from django.urls import path

from ..views import orders

P = "programmes/<int:pk>/"
ORDER = P + "orders/<int:order_pk>/"
PAIRING = P + "pairings/<int:pairing_pk>/"

urlpatterns = [
    path(P + "orders/", orders.order_list, name="order_list"),
    path(P + "orders/draft/", orders.order_draft, name="order_draft"),
    path(ORDER, orders.order_detail, name="order_detail"),
    path(ORDER + "pdf/", orders.order_pdf, name="order_pdf"),
    path(ORDER + "register/", orders.order_register, name="order_register"),
    path(ORDER + "notices/print/", orders.order_notices_print, name="order_notices_print"),
    path(PAIRING, orders.pairing_detail, name="pairing_detail"),
    path(PAIRING + "terminate/", orders.pairing_terminate, name="pairing_terminate"),
    path(PAIRING + "restore/", orders.pairing_restore, name="pairing_restore"),
    path(
        PAIRING + "members/<int:membership_pk>/leave/",
        orders.membership_leave,
        name="membership_leave",
    ),
]
