"""Admin of assessment parameters, rounds and scores."""

from django.contrib import admin

from ..models import AssessmentParameter, AssessmentRound, Score
from .base import OrganisationScopedAdmin, ScopedInline


@admin.register(AssessmentParameter)
class AssessmentParameterAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["name", "applies_to", "scale_min", "scale_max", "order", "programme"]
    list_filter = ["applies_to", "programme__organisation"]
    search_fields = ["name"]
    list_select_related = ["programme"]


class ScoreInline(ScopedInline):
    model = Score
    autocomplete_fields = ["staff"]


@admin.register(AssessmentRound)
class AssessmentRoundAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["__str__", "kind", "date", "programme"]
    list_filter = ["kind", "programme__organisation"]
    list_select_related = ["programme"]
    inlines = [ScoreInline]
