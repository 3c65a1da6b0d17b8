"""Admin of mentor training: experts, materials, sessions, the completion rule."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from ..models import (
    Attendance,
    Expert,
    Material,
    TrainingCompletion,
    TrainingSession,
    TrainingSettings,
)
from .base import OrganisationScopedAdmin, ScopedInline


@admin.register(Expert)
class ExpertAdmin(OrganisationScopedAdmin):
    list_display = ["full_name", "organisation_name", "position", "contacts", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["full_name", "organisation_name"]


@admin.register(Material)
class MaterialAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["title", "original_name", "url", "uploaded_at", "programme"]
    list_filter = ["programme__organisation"]
    search_fields = ["title"]
    # Files are uploaded on the materials page, where their content is checked; here a link
    # (checked like the url field) may be added, and a file is only downloaded through the
    # checked view.
    exclude = ["file"]
    readonly_fields = ["original_name", "download"]

    @admin.display(description="файл")
    def download(self, material):
        if not material.pk or not material.file:
            return "—"
        url = reverse("programme:material_download", args=[material.programme_id, material.pk])
        return format_html('<a href="{}">скачать</a>', url)


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
