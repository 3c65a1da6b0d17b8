"""Model fields with a rule of their own."""

from django import forms
from django.db import models

from ..validators import normalise_name


class NameFormField(forms.CharField):
    def to_python(self, value):
        return normalise_name(super().to_python(value))


class NameField(models.CharField):
    """A person's name, normalised when cleaned (the page's form, the admin, the import):
    NFC, no invisible or bidi control characters, single spaces — see `normalise_name`."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_name(value) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": NameFormField, **kwargs})
