"""The audit trail in the admin: for the superuser, read-only, in Russian (the library's own
admin page is replaced)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import AuditEntry
from ..selectors.audit import ACTIONS

if admin.site.is_registered(AuditEntry):
    admin.site.unregister(AuditEntry)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "who", "action_name", "record", "object_repr", "remote_addr")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor__username", "actor__last_name", "actor_label")
    list_select_related = ("actor", "content_type")
    date_hierarchy = "timestamp"
    fields = (
        "timestamp",
        "who",
        "action_name",
        "record",
        "object_repr",
        "person_id",
        "changes",
        "remote_addr",
    )
    readonly_fields = fields

    @admin.display(description=_("кто"))
    def who(self, obj):
        return obj.who

    @admin.display(description=_("действие"))
    def action_name(self, obj):
        return ACTIONS.get(obj.action, "")

    @admin.display(description=_("запись"))
    def record(self, obj):
        model = obj.content_type.model_class()
        return model._meta.verbose_name if model else obj.content_type.model

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
