"""Widgets shared by the forms of every part."""

from django import forms


class DateInput(forms.DateInput):
    """A native date picker (phones show their own); the value travels as ISO."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")
