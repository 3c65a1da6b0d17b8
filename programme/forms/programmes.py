"""Forms of the programme and its roadmap activities."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Activity, Programme, StaffMember
from ..models.roadmap import MentoringForm
from .base import DateInput, SaneDates


class ProgrammeForm(SaneDates, forms.ModelForm):
    forms = forms.MultipleChoiceField(
        label=_("Формы наставничества (3.1)"),
        choices=MentoringForm.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Выберите хотя бы одну форму наставничества.")},
    )

    class Meta:
        model = Programme
        fields = [
            "year",
            "title",
            "curator",
            "forms",
            "default_capacity",
            "starts_on",
            "ends_on",
            "council_protocol_number",
            "council_protocol_date",
            "head_approved_on",
            "parent_committee_note",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "council_protocol_date": DateInput(),
            "head_approved_on": DateInput(),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curator"].queryset = StaffMember.objects.filter(
            organisation=organisation, is_active=True
        )
        if self.instance.pk:
            # The year names the programme; next year's comes from «Копировать на следующий год».
            self.fields["year"].disabled = True

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Окончание не может быть раньше начала."))
        return data


class ActivityForm(SaneDates, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "status",
            "deadline_text",
            "starts_on",
            "due_on",
            "responsible_text",
            "responsible_people",
            "completed_on",
            "note",
            "evidence_url",
            "evidence_label",
        ]
        widgets = {
            "starts_on": DateInput(),
            "due_on": DateInput(),
            "completed_on": DateInput(),
            "responsible_people": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_people"].queryset = StaffMember.objects.filter(
            organisation_id=self.instance.programme.organisation_id, is_active=True
        )
