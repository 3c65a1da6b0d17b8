"""The filters of the curator's overview of all pairs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.models.roadmap import MentoringForm

from ..models import PairingStatus
from ..selectors.overview import SHOWN


class OverviewFilterForm(forms.Form):
    q = forms.CharField(
        label=_("ФИО"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    status = forms.ChoiceField(
        label=_("Статус"),
        required=False,
        choices=[("", _("все"))] + [(s.value, s.label) for s in PairingStatus if s in SHOWN],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    form = forms.ChoiceField(
        label=_("Форма"),
        required=False,
        choices=[("", _("все"))] + list(MentoringForm.choices),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    alerts = forms.BooleanField(
        label=_("Только пары в зоне риска"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "query": data.get("q", ""),
            "status": data.get("status", ""),
            "form": data.get("form", ""),
            "alerts_only": bool(data.get("alerts")),
        }
