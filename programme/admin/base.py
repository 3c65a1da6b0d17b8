"""What every admin page of the app shares: a curator sees and picks only her own
organisation's records."""

from django.contrib import admin
from django.contrib.admin import widgets
from django.db import models

from ..models import Organisation

# Addresses typed without a scheme are read as https (and Django 6's default, without the
# deprecation warning); the model's validator then allows http(s) only.
URL_FIELD = {models.URLField: {"widget": widgets.AdminURLFieldWidget, "assume_scheme": "https"}}


class OrganisationScopedAdmin(admin.ModelAdmin):
    """A curator who has admin access sees only their own organisation's rows."""

    organisation_path = "organisation"
    formfield_overrides = URL_FIELD

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


class ScopedInline(admin.TabularInline):
    """An inline whose choices, like the page's, stay within the curator's organisation."""

    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scoped = scope_choices(db_field.related_model, request.user)
        if scoped is not None:
            kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
