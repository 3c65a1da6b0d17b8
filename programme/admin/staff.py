"""Admin of organisations, users and the staff list."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import XLSX

from ..models import Organisation, StaffMember, Territory, User
from ..resources import StaffResource
from ..services.staff import staff_xlsx
from .base import URL_FIELD, OrganisationScopedAdmin


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "city", "territory", "head_name", "site"]
    list_filter = ["territory"]
    search_fields = ["short_name", "full_name", "city"]
    autocomplete_fields = ["territory"]
    prepopulated_fields = {"slug": ["short_name"]}
    formfield_overrides = URL_FIELD


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active", "is_staff"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("Программа наставничества"),
            {"fields": ["organisation", "role", "territory", "patronymic"]},
        ),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Программа наставничества"), {"fields": ["organisation", "role", "territory"]}),
    )


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "authority"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "authority"]
    autocomplete_fields = ["parent"]


class StaffXLSX(XLSX):
    """The staff page's workbook: typed dates and years, an autofilter, the header frozen."""

    def export_data(self, dataset, **kwargs):
        return staff_xlsx(dataset)


@admin.register(StaffMember)
class StaffMemberAdmin(ImportExportMixin, OrganisationScopedAdmin):
    """The staff list with the same import and export as the staff page (xlsx, csv)."""

    resource_classes = [StaffResource]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"organisation": request.user.organisation}

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if isinstance(file_format, XLSX):
            file_format = StaffXLSX()
        return super().get_export_data(file_format, request, queryset, **kwargs)

    def has_import_permission(self, request):
        # An import always goes into the importer's own organisation.
        return request.user.organisation_id is not None and super().has_import_permission(request)

    list_display = [
        "last_name",
        "first_name",
        "patronymic",
        "position",
        "experience_total",
        "category",
        "organisation",
        "is_active",
    ]
    list_filter = ["organisation", "position", "category", "is_active"]
    search_fields = ["last_name", "first_name", "patronymic", "email"]
    autocomplete_fields = ["user"]
