"""Admin of the roadmap's events."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

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
    """Files are added on the event's page, where their content is checked; here they are
    listed with a link to the checked download (never to the file's own address)."""

    model = EventAttachment
    extra = 0
    fields = ["title", "original_name", "download"]
    readonly_fields = ["original_name", "download"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="файл")
    def download(self, attachment):
        if not attachment.pk:
            return "—"
        url = reverse(
            "programme:event_attachment_download",
            args=[attachment.event.programme_id, attachment.event_id, attachment.pk],
        )
        return format_html('<a href="{}">скачать</a>', url)


@admin.register(Event)
class EventAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["title", "kind", "starts_at", "programme", "minutes_recorded_at"]
    list_filter = ["kind", "programme__organisation"]
    search_fields = ["title", "place", "minutes"]
    inlines = [EventInviteeInline, EventGuestInline, EventAttachmentInline]
