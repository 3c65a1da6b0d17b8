"""Forms of the sign-in links: the address typed on the login page, and the teachers the
curator prints sheets for."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.models import StaffMember


class SignInRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Электронная почта"),
        max_length=254,
        error_messages={
            "required": _("Укажите адрес электронной почты."),
            "invalid": _("Проверьте адрес электронной почты."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )


class SignInSheetsForm(forms.Form):
    staff = forms.ModelMultipleChoiceField(
        label=_("Педагоги"),
        queryset=StaffMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Отметьте хотя бы одного педагога.")},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = StaffMember.objects.filter(
            pk__in=[p.pk for p in people]
        ).order_by("last_name", "first_name", "patronymic")
        self.fields["staff"].label_from_instance = lambda s: (
            f"{s.full_name}, {s.get_position_display()}"
            + ("" if s.email else " — нет электронной почты")
        )
