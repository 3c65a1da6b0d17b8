"""Pairings, runs of the engine and orders in the Russian admin, scoped to the curator's
organisation. A registered order is read-only here as everywhere."""

from django.contrib import admin
from django.db.models import Q

from programme.admin.base import OrganisationScopedAdmin, ScopedInline

from .models import BoardRun, Membership, MentorLoan, Notice, Order, OrderItem, Pairing


class MembershipInline(ScopedInline):
    model = Membership
    fields = ["mentee", "pinned", "score", "reason", "joined_on", "left_on", "left_reason"]
    readonly_fields = ["score", "reason"]
    autocomplete_fields = ["mentee"]


@admin.register(Pairing)
class PairingAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["mentor", "form", "starts_on", "ends_on", "status", "fixed_by", "programme"]
    list_filter = ["status", "form", "programme__organisation"]
    search_fields = ["mentor__staff__last_name", "members__mentee__staff__last_name"]
    list_select_related = ["mentor__staff", "fixed_by", "programme"]
    autocomplete_fields = ["mentor"]
    raw_id_fields = ["fixed_by", "ended_by", "confirmed_by"]
    inlines = [MembershipInline]


@admin.register(BoardRun)
class BoardRunAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["__str__", "preset", "total", "created_by", "programme"]
    list_filter = ["mode", "programme__organisation"]
    readonly_fields = ["pairs", "unmatched", "weights", "total", "created_by"]


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    fields = ["position", "action", "pairing"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["__str__", "title", "status", "amends", "programme"]
    list_filter = ["status", "kind", "programme__organisation"]
    search_fields = ["number", "title"]
    list_select_related = ["programme", "amends"]
    raw_id_fields = ["amends", "registered_by"]
    inlines = [OrderItemInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_registered:
            return [f.name for f in self.model._meta.fields]
        return ["status", "registered_at", "registered_by", "pdf"]

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_registered) and super().has_delete_permission(
            request, obj
        )


@admin.register(Notice)
class NoticeAdmin(OrganisationScopedAdmin):
    organisation_path = "order__programme__organisation"
    list_display = ["staff", "order", "emailed_at", "printed_at"]
    list_select_related = ["staff", "order"]
    raw_id_fields = ["order", "pairing", "staff"]


@admin.register(MentorLoan)
class MentorLoanAdmin(admin.ModelAdmin):
    """Requests to borrow a shared mentor, for both kindergartens: read-only here — the answers
    go through the pages, where the mentor's consent and her one limit are checked."""

    list_display = ["mentor", "programme", "status", "mentor_answer", "home_answer", "created_at"]
    list_filter = ["status"]
    list_select_related = ["mentor__staff", "programme__organisation"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        org = request.user.organisation_id
        return qs.filter(
            Q(programme__organisation_id=org) | Q(mentor__programme__organisation_id=org)
        )

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
