"""Admin of assessment, interviews and training (registered from programme/admin.py)."""

from django.contrib import admin

from .admin import OrganisationScopedAdmin, scope_choices
from .models import (
    AssessmentParameter,
    AssessmentRound,
    Attendance,
    Expert,
    Interview,
    Material,
    Score,
    TrainingCompletion,
    TrainingSession,
    TrainingSettings,
)


class ScopedInline(admin.TabularInline):
    """An inline whose choices, like the page's, stay within the curator's organisation."""

    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scoped = scope_choices(db_field.related_model, request.user)
        if scoped is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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


@admin.register(Interview)
class InterviewAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["mentor", "date", "conclusion", "programme"]
    list_filter = ["conclusion", "programme__organisation"]
    search_fields = ["mentor__staff__last_name", "notes"]
    filter_horizontal = ["panel"]
    list_select_related = ["programme", "mentor__staff"]


@admin.register(Expert)
class ExpertAdmin(OrganisationScopedAdmin):
    list_display = ["full_name", "organisation_name", "position", "contacts", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["full_name", "organisation_name"]


@admin.register(Material)
class MaterialAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["title", "file", "url", "uploaded_at", "programme"]
    list_filter = ["programme__organisation"]
    search_fields = ["title"]


class AttendanceInline(ScopedInline):
    model = Attendance


@admin.register(TrainingSession)
class TrainingSessionAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["topic", "date", "expert", "place", "programme"]
    list_filter = ["programme__organisation"]
    search_fields = ["topic"]
    filter_horizontal = ["materials"]
    inlines = [AttendanceInline]


@admin.register(TrainingSettings)
class TrainingSettingsAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["programme", "rule", "min_sessions"]


@admin.register(TrainingCompletion)
class TrainingCompletionAdmin(OrganisationScopedAdmin):
    organisation_path = "mentor__programme__organisation"
    list_display = ["mentor", "marked_at", "marked_by"]
    list_select_related = ["mentor__staff", "marked_by"]
    raw_id_fields = ["marked_by"]
