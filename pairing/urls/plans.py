"""Routes of the individual development plans, in the "pairing:" namespace. Under `plans/` the
`pk` is a plan version's."""

from django.urls import path

from ..views import plans

PLAN = "plans/<int:pk>/"
ROW = PLAN + "activities/<int:activity_pk>/"

urlpatterns = [
    path("pairs/<int:pk>/plans/<int:membership_pk>/", plans.plan_for, name="plan_for"),
    path(PLAN, plans.plan, name="plan"),
    path(PLAN + "edit/", plans.plan_edit, name="plan_edit"),
    path(PLAN + "activities/", plans.plan_activity_add, name="plan_activity_add"),
    path(ROW, plans.plan_activity_edit, name="plan_activity_edit"),
    path(ROW + "delete/", plans.plan_activity_delete, name="plan_activity_delete"),
    path(ROW + "mark/", plans.plan_activity_mark, name="plan_activity_mark"),
    path(ROW + "evidence/", plans.plan_evidence, name="plan_evidence"),
    path(PLAN + "submit/", plans.plan_submit, name="plan_submit"),
    path(PLAN + "approve/", plans.plan_approve, name="plan_approve"),
    path(PLAN + "return/", plans.plan_return, name="plan_return"),
    path(PLAN + "new-version/", plans.plan_new_version, name="plan_new_version"),
    path(PLAN + "comments/", plans.plan_comment, name="plan_comment"),
    path(PLAN + "pdf/", plans.plan_pdf, name="plan_pdf"),
]
