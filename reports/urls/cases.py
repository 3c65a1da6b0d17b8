from django.urls import path

from ..views import cases

CASE = "programmes/<int:pk>/cases/<int:case_pk>/"

urlpatterns = [
    path("programmes/<int:pk>/cases/", cases.case_list, name="case_list"),
    path("programmes/<int:pk>/cases/new/", cases.case_create, name="case_create"),
    path(CASE, cases.case_edit, name="case_edit"),
    path(CASE + "materials/", cases.case_material_add, name="case_material_add"),
    path(
        CASE + "materials/<int:material_pk>/remove/",
        cases.case_material_remove,
        name="case_material_remove",
    ),
    path(CASE + "status/", cases.case_status, name="case_status"),
    path(CASE + "case.pdf", cases.case_pdf, name="case_pdf"),
]
