from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from .models import (
    Activity,
    Competency,
    Event,
    EventAttachment,
    EventGuest,
    EventInvitee,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    Organisation,
    Programme,
    StaffMember,
    Stage,
    User,
)
from .resources import StaffResource


class OrganisationScopedAdmin(admin.ModelAdmin):
    """A curator who has admin access sees only their own organisation's rows."""

    organisation_path = "organisation"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{self.organisation_path: request.user.organisation_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scoped = scope_choices(db_field.related_model, request.user)
        if scoped is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        scoped = scope_choices(db_field.related_model, request.user)
        if scoped is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def scope_choices(model, user):
    """Choices of a related field limited to the user's organisation (None: leave as is).

    Applies to the organisation itself and to every model that reaches it through an
    `organisation` or a `programme` field, so that a curator cannot attach a record to
    another kindergarten's people or programme from the admin.
    """
    if user.is_superuser:
        return None
    field_names = {f.name for f in model._meta.get_fields()}
    if model is Organisation:
        return Organisation.objects.filter(pk=user.organisation_id)
    if "organisation" in field_names:
        return model._default_manager.filter(organisation_id=user.organisation_id)
    if "programme" in field_names:
        return model._default_manager.filter(programme__organisation_id=user.organisation_id)
    return None


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "city", "head_name", "site"]
    search_fields = ["short_name", "full_name", "city"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active", "is_staff"]
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Программа наставничества"), {"fields": ["organisation", "role", "patronymic"]}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Программа наставничества"), {"fields": ["organisation", "role"]}),
    )


@admin.register(StaffMember)
class StaffMemberAdmin(ImportExportMixin, OrganisationScopedAdmin):
    """The staff list with the same import and export as the staff page (xlsx, csv)."""

    resource_classes = [StaffResource]

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"organisation": request.user.organisation}

    def has_import_permission(self, request):
        # An import always goes into the importer's own organisation.
        return request.user.organisation_id is not None and super().has_import_permission(request)

    list_display = [
        "last_name",
        "first_name",
        "patronymic",
        "position",
        "experience_total",
        "category",
        "organisation",
        "is_active",
    ]
    list_filter = ["organisation", "position", "category", "is_active"]
    search_fields = ["last_name", "first_name", "patronymic", "email"]
    autocomplete_fields = ["user"]


class StageInline(admin.StackedInline):
    model = Stage
    extra = 0
    fields = ["number", "title", "goal", "task", "result"]


@admin.register(Programme)
class ProgrammeAdmin(OrganisationScopedAdmin):
    list_display = ["title", "organisation", "year", "curator", "default_capacity"]
    list_filter = ["organisation", "year"]
    search_fields = ["title", "organisation__short_name"]
    inlines = [StageInline]


@admin.register(Activity)
class ActivityAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ["code", "title_short", "programme", "deadline_text", "due_on", "status"]
    list_filter = ["status", "programme__organisation", "programme__year", "stage__number"]
    search_fields = ["code", "title", "responsible_text"]
    filter_horizontal = ["responsible_people"]
    list_select_related = ["programme"]

    @admin.display(description=_("мероприятие"))
    def title_short(self, obj):
        return obj.title[:90]


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
    list_display = ["staff", "programme", "status", "capacity", "labour_consent_on"]
    list_filter = ["status", "offer_to_others", "programme__organisation"]
    search_fields = ["staff__last_name", "staff__first_name"]
    autocomplete_fields = ["staff"]
    inlines = [MentorCompetencyInline]


from . import admin_assessment, admin_bases  # noqa: E402,F401  (parts register their models)
