"""Admin of the roadmap's events."""

from django.contrib import admin

from ..models import Event, EventAttachment, EventGuest, EventInvitee
from .base import OrganisationScopedAdmin


class EventInviteeInline(admin.TabularInline):
    model = EventInvitee
    extra = 0
    autocomplete_fields = ["staff"]


class EventGuestInline(admin.TabularInline):
    model = EventGuest
    extra = 0


class EventAttachmentInline(admin.TabularInline):
    model = EventAttachment
    extra = 0


@admin.register(Event)
class EventAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["title", "kind", "starts_at", "programme", "minutes_recorded_at"]
    list_filter = ["kind", "programme__organisation"]
    search_fields = ["title", "place", "minutes"]
    inlines = [EventInviteeInline, EventGuestInline, EventAttachmentInline]
