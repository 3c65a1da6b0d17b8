"""Forms of the pairing board: a run of the engine, a pick by hand, a pairing's form and term,
the confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.forms.base import DateInput, SaneDates
from programme.models.roadmap import MentoringForm

from ..engine import PRESET_LABELS
from ..models import BoardMode


class RunForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Режим"),
        choices=BoardMode.choices,
        initial=BoardMode.OPTIMAL,
        widget=forms.RadioSelect,
    )
    preset = forms.ChoiceField(
        label=_("Что важнее"), choices=list(PRESET_LABELS.items()), initial="balanced"
    )


class AssignForm(forms.Form):
    mentee = forms.IntegerField(widget=forms.HiddenInput)
    mentor = forms.TypedChoiceField(label=_("Наставник"), coerce=int)

    def __init__(self, *args, mentors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = [("", "— выберите —")] + [
            (m.pk, m.staff.short_name) for m in mentors
        ]


class TermsForm(SaneDates, forms.Form):
    date_names = {"starts_on": "Начало срока", "ends_on": "Окончание срока"}
    form = forms.ChoiceField(label=_("Форма"), choices=MentoringForm.choices)
    starts_on = forms.DateField(label=_("Срок: с"), widget=DateInput, required=False)
    ends_on = forms.DateField(label=_("по"), widget=DateInput, required=False)
    beyond_year = forms.BooleanField(label=_("срок за пределами года программы"), required=False)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Окончание срока раньше его начала."))
        return data


class ConfirmForm(forms.Form):
    stamp = forms.CharField(widget=forms.HiddenInput, max_length=64)
