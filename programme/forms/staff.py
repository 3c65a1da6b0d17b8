from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import StaffMember
from ..models.org import Category, Position, Role
from ..services.staff import STAFF_LOGIN_ROLES
from .base import DateInput


class StaffForm(forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "position",
            "experience_total",
            "experience_here",
            "category",
            "education",
            "birth_date",
            "hired_on",
            "email",
            "phone",
        ]
        widgets = {"birth_date": DateInput(), "hired_on": DateInput()}

    def clean(self):
        data = super().clean()
        total, here = data.get("experience_total"), data.get("experience_here")
        if total is not None and here is not None and here > total:
            self.add_error(
                "experience_here", _("Стаж в организации не может быть больше общего стажа.")
            )
        return data


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False)
    position = forms.ChoiceField(
        label=_("Должность"), required=False, choices=[("", "все должности"), *Position.choices]
    )
    category = forms.ChoiceField(
        label=_("Категория"), required=False, choices=[("", "все категории"), *Category.choices]
    )
    experience_from = forms.CharField(label=_("Стаж от"), required=False)
    experience_to = forms.CharField(label=_("Стаж до"), required=False)
    active = forms.ChoiceField(
        label=_("Работает"),
        required=False,
        choices=[("1", "работают"), ("0", "уволены"), ("all", "все")],
    )


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл со списком педагогов (xlsx или csv)"),
        error_messages={"required": _("Выберите файл."), "empty": _("Файл пустой.")},
    )


class StaffLoginForm(forms.Form):
    username = forms.CharField(label=_("Логин"), max_length=150)
    role = forms.ChoiceField(
        label=_("Роль"),
        choices=[(value, label) for value, label in Role.choices if value in STAFF_LOGIN_ROLES],
    )
