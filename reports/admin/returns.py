"""The annual return in the admin: collections with their indicators, the kindergartens'
submitted versions (read-only: a snapshot is never edited) and the reminders' stamps."""

from django.contrib import admin

from ..models import OrganisationReturn, ReturnCollection, ReturnIndicator, ReturnReminder


class ReturnIndicatorInline(admin.TabularInline):
    model = ReturnIndicator
    extra = 0


@admin.register(ReturnCollection)
class ReturnCollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "territory", "as_of", "opens_on", "closes_on"]
    list_filter = ["territory"]
    search_fields = ["title", "territory__name"]
    inlines = [ReturnIndicatorInline]
    readonly_fields = ["created_by", "created_at"]


@admin.register(OrganisationReturn)
class OrganisationReturnAdmin(admin.ModelAdmin):
    list_display = ["organisation", "collection", "version", "is_current", "submitted_at"]
    list_filter = ["collection", "is_current"]
    search_fields = ["organisation__short_name"]
    readonly_fields = [
        "collection",
        "organisation",
        "version",
        "is_current",
        "programme",
        "figures",
        "answers",
        "submitted_at",
        "submitted_by",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(ReturnReminder)
class ReturnReminderAdmin(admin.ModelAdmin):
    list_display = ["organisation", "collection", "sent_at"]
    list_filter = ["collection"]
    readonly_fields = ["collection", "organisation", "sent_at"]
