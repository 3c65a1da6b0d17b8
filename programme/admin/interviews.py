"""Admin of mentor interviews."""

from django.contrib import admin

from ..models import Interview
from .base import OrganisationScopedAdmin


@admin.register(Interview)
class InterviewAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["mentor", "date", "conclusion", "programme"]
    list_filter = ["conclusion", "programme__organisation"]
    search_fields = ["mentor__staff__last_name", "notes"]
    filter_horizontal = ["panel"]
    list_select_related = ["programme", "mentor__staff"]
