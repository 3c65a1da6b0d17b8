"""Routes of the staff directory, included by programme/urls/__init__.py in its namespace."""

from django.urls import path

from ..views import staff

urlpatterns = [
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/new/", staff.staff_create, name="staff_create"),
    path("staff/import/", staff.staff_import, name="staff_import"),
    path("staff/import/template.xlsx", staff.staff_import_template, name="staff_import_template"),
    path("staff/export.<str:fmt>", staff.staff_export, name="staff_export"),
    path("staff/<int:pk>/", staff.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/active/", staff.staff_toggle_active, name="staff_toggle_active"),
    path("staff/<int:pk>/login/", staff.staff_create_login, name="staff_create_login"),
]
