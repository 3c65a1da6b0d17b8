"""Forms of assessment, interviews and training (3.2, 4.1–4.4, 7.4)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DateInput
from .models import (
    AssessmentParameter,
    AssessmentRound,
    Expert,
    Interview,
    Material,
    MentorProfile,
    StaffMember,
    TrainingSession,
    TrainingSettings,
)
from .models.assessment import Conclusion
from .services.training import MATERIAL_RULE


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


class RoundForm(forms.ModelForm):
    class Meta:
        model = AssessmentRound
        fields = ["kind", "date", "title"]
        widgets = {"date": DateInput()}

    def validate_constraints(self, exclude=None):
        return None  # one round of each kind: the service says so in Russian

    def validate_unique(self):
        return None


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["mentor", "date", "panel", "notes", "conclusion", "conditions"]
        widgets = {
            "date": DateInput(),
            "panel": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 5}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "conditions": _("Только для заключения «рекомендован с условиями»."),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = (
            MentorProfile.objects.filter(programme=programme)
            .select_related("staff")
            .order_by("staff__last_name", "staff__first_name")
        )
        self.fields["mentor"].label_from_instance = lambda m: (
            f"{m.staff.full_name} ({m.get_status_display()})"
        )
        self.fields["panel"].queryset = StaffMember.objects.filter(
            organisation_id=programme.organisation_id, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["conclusion"].choices = [("", "ещё не вынесено"), *Conclusion.choices]

    def clean(self):
        data = super().clean()
        if (
            data.get("conclusion") == Conclusion.CONDITIONAL
            and not (data.get("conditions") or "").strip()
        ):
            self.add_error("conditions", _("Укажите условия, с которыми кандидат рекомендован."))
        return data


class ExpertForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["full_name", "organisation_name", "position", "contacts"]


class MaterialForm(forms.ModelForm):
    file = forms.FileField(
        label=_("Файл (документы, pdf, презентации, изображения; до 20 МБ)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": MATERIAL_RULE.accept}),
    )
    url = forms.URLField(
        label=_("Ссылка"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Или ссылка на материал в интернете — что-то одно."),
    )

    class Meta:
        model = Material
        fields = ["title", "file", "url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise forms.ValidationError(_("Загрузите файл или укажите ссылку — что-то одно."))
        return data

    def validate_constraints(self, exclude=None):
        return None


class SessionForm(forms.ModelForm):
    attended = forms.ModelMultipleChoiceField(
        label=_("Присутствовали"),
        queryset=MentorProfile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TrainingSession
        fields = ["date", "topic", "expert", "materials", "place"]
        widgets = {"date": DateInput(), "materials": forms.CheckboxSelectMultiple}

    def __init__(self, *args, programme, mentors, attended_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = Expert.objects.filter(
            organisation_id=programme.organisation_id
        ).order_by("full_name")
        self.fields["materials"].queryset = Material.objects.filter(programme=programme)
        self.fields["attended"].queryset = mentors
        self.fields["attended"].label_from_instance = lambda m: (
            f"{m.staff.full_name} ({m.get_status_display()})"
        )
        self.fields["attended"].initial = list(attended_ids)


class TrainingSettingsForm(forms.ModelForm):
    class Meta:
        model = TrainingSettings
        fields = ["rule", "min_sessions"]
        widgets = {"rule": forms.RadioSelect}

    def validate_constraints(self, exclude=None):
        return None
