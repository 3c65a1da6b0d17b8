"""Widgets shared by the forms of every part, and the sane-date rule of every form."""

from django import forms
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.text import capfirst

from ..validators import SANE_DATE_CODE, sane_date_message, validate_sane_date

DATE_FIELDS = (forms.DateField, forms.DateTimeField)


class DateInput(forms.DateInput):
    """A native date picker (phones show their own); the value travels as ISO."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class SaneDates:
    """Mixed into every form with a date: one rule for each date a person types.

    Each date and date-time field of the form gets the sane-date rule (years 1900–2100), so a
    plain form's field is checked as a model's is; and the rule's message, wherever it was
    raised (the field, `clean_*`, the model's validators), names the field: «Дата уведомления:
    проверьте год — допустимы даты с 1900 по 2100 год.». A label too short to stand alone
    («с», «по») is named in `date_names`. tests/test_architecture.py fails on a form with a
    date field that does not mix this in."""

    date_names: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.date_names = dict(self.date_names)
        for field in self.fields.values():
            if isinstance(field, DATE_FIELDS) and validate_sane_date not in field.validators:
                field.validators = [*field.validators, validate_sane_date]

    def date_name(self, name: str) -> str:
        if name in self.date_names:
            return self.date_names[name]
        field = self.fields.get(name)
        label = (field and field.label) or name.replace("_", " ")
        return capfirst(str(label).strip().rstrip(":"))

    def full_clean(self):
        super().full_clean()
        for name, errors in (self._errors or {}).items():
            if name == NON_FIELD_ERRORS:
                continue
            errors.data = [
                forms.ValidationError(sane_date_message(self.date_name(name)), code=error.code)
                if getattr(error, "code", None) == SANE_DATE_CODE
                else error
                for error in errors.data
            ]
