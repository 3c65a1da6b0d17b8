"""Admin of the competency catalogue and the mentee and mentor bases."""

from django.contrib import admin

from ..models import (
    Competency,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    Preference,
)
from .base import OrganisationScopedAdmin


@admin.register(Competency)
class CompetencyAdmin(OrganisationScopedAdmin):
    list_display = ["name", "organisation", "order", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["name"]
    list_editable = ["order", "is_active"]


class MenteeRequestInline(admin.TabularInline):
    model = MenteeRequest
    extra = 0


@admin.register(MenteeProfile)
class MenteeProfileAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["staff", "programme", "category", "status"]
    list_filter = ["status", "category", "programme__organisation"]
    search_fields = ["staff__last_name", "staff__first_name"]
    autocomplete_fields = ["staff", "preferred_mentor"]
    inlines = [MenteeRequestInline]


class MentorCompetencyInline(admin.TabularInline):
    model = MentorCompetency
    extra = 0


@admin.register(MentorProfile)
class MentorProfileAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["staff", "programme", "status", "capacity", "labour_basis", "labour_consent_on"]
    list_filter = ["status", "offer_to_others", "programme__organisation"]
    search_fields = ["staff__last_name", "staff__first_name"]
    autocomplete_fields = ["staff"]
    inlines = [MentorCompetencyInline]


@admin.register(Preference)
class PreferenceAdmin(OrganisationScopedAdmin):
    organisation_path = "mentee__programme__organisation"
    list_display = ["mentee", "mentor", "side", "rank", "unwanted", "recorded_at"]
    list_filter = ["side", "unwanted", "mentee__programme__organisation"]
    search_fields = ["mentee__staff__last_name", "mentor__staff__last_name"]
    list_select_related = ["mentee__staff", "mentor__staff"]
    autocomplete_fields = ["mentee", "mentor"]
