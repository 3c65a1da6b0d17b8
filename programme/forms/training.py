"""Forms of mentor training: experts, materials, sessions, the completion rule (4.3, 4.4)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Expert, Material, MentorProfile, TrainingSession, TrainingSettings
from ..services.training import MATERIAL_RULE
from ..validators import UNSAFE_URL_MESSAGE, validate_safe_url
from .base import DateInput, SaneDates


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
        validators=[validate_safe_url],
        error_messages={"invalid": UNSAFE_URL_MESSAGE},
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


class SessionForm(SaneDates, forms.ModelForm):
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
