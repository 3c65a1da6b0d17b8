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


@admin.register(Activity)
class ActivityAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["code", "title_short", "programme", "deadline_text", "due_on", "status"]
    list_filter = ["status", "programme__organisation", "programme__year", "stage__number"]
    search_fields = ["code", "title", "responsible_text"]
    filter_horizontal = ["responsible_people"]
    list_select_related = ["programme"]

    @admin.display(description=_("мероприятие"))
    def title_short(self, obj):
        return obj.title[:90]
