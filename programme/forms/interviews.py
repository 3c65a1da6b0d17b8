"""Forms of mentor interviews (4.2)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Interview, MentorProfile, StaffMember
from ..models.assessment import Conclusion
from .base import DateInput, SaneDates


class InterviewForm(SaneDates, forms.ModelForm):
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
