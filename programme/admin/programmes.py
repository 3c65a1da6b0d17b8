"""Admin of programmes, their stages and roadmap activities."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Activity, Programme, Stage
from .base import OrganisationScopedAdmin


class StageInline(admin.StackedInline):
    model = Stage
    extra = 0
    fields = ["number", "title", "goal", "task", "result"]


@admin.register(Programme)
class ProgrammeAdmin(OrganisationScopedAdmin):
    list_display = ["title", "organisation", "year", "curator", "default_capacity"]
    list_filter = ["organisation", "year"]
    search_fields = ["title", "organisation__short_name"]
    inlines = [StageInline]

    def get_readonly_fields(self, request, obj=None):
        # Reopening a closed year (clearing «год закрыт») is the superuser's only.
        fields = list(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else [*fields, "closed_at", "closed_by"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.closed_at and not request.user.is_superuser:
            return False  # a closed year is read-only here as on its pages
        return super().has_change_permission(request, obj)


@admin.register(Activity)
class ActivityAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["code", "title_short", "programme", "deadline_text", "due_on", "status"]
    list_filter = ["status", "programme__organisation", "programme__year", "stage__number"]
    search_fields = ["code", "title", "responsible_text"]
    filter_horizontal = ["responsible_people"]
    list_select_related = ["programme"]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.programme.closed_at and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("мероприятие"))
    def title_short(self, obj):
        return obj.title[:90]
