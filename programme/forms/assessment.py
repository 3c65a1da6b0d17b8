"""Forms of assessment rounds and parameters (3.2, 4.1, 7.4)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AssessmentParameter, AssessmentRound
from .base import DateInput, SaneDates


class ParameterForm(forms.ModelForm):
    class Meta:
        model = AssessmentParameter
        fields = ["name", "applies_to", "scale_min", "scale_max", "order"]

    def clean(self):
        data = super().clean()
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and low >= high:
            self.add_error("scale_max", _("Максимум шкалы должен быть больше минимума."))
        return data

    def validate_constraints(self, exclude=None):
        # The scale and uniqueness are checked (with Russian messages) by the service.
        return None


class RoundForm(SaneDates, forms.ModelForm):
    class Meta:
        model = AssessmentRound
        fields = ["kind", "date", "title"]
        widgets = {"date": DateInput()}

    def validate_constraints(self, exclude=None):
        return None  # one round of each kind: the service says so in Russian

    def validate_unique(self):
        return None
