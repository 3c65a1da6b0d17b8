from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Event, StaffMember
from ..services.events import EVENT_ATTACHMENT_RULE
from ..validators import MINUTES_MAX_LENGTH, event_date_error, validate_sane_date
from .base import DateTimeInput, SaneDates


class EventForm(SaneDates, forms.ModelForm):
    invitees = forms.ModelMultipleChoiceField(
        label=_("Приглашённые сотрудники"),
        queryset=StaffMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Пригласить можно только работающих сотрудников этой организации."),
            "invalid_pk_value": _("Пригласить можно только сотрудников из списка."),
        },
    )

    class Meta:
        model = Event
        fields = ["kind", "title", "starts_at", "place", "description"]
        widgets = {
            "starts_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        if programme is not None:
            self.instance.programme = programme
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]
        self.fields["invitees"].queryset = StaffMember.objects.filter(
            organisation=organisation, is_active=True
        ).order_by("last_name", "first_name")
        if self.instance.pk:
            self.fields["invitees"].initial = [i.staff_id for i in self.instance.invitees.all()]

    def clean_starts_at(self):
        # Checked here, on the typed date, before anything converts it between time zones
        # (01.01.0001 00:00 in Omsk has no UTC equivalent: the conversion overflows).
        starts_at = self.cleaned_data.get("starts_at")
        validate_sane_date(starts_at)
        if self.programme is not None and starts_at is not None:
            message = event_date_error(starts_at, programme_year=self.programme.year)
            if message:
                raise forms.ValidationError(message)
        return starts_at


class GuestForm(forms.Form):
    full_name = forms.CharField(label=_("ФИО гостя"), max_length=200, required=False)
    organisation_name = forms.CharField(label=_("Организация"), max_length=300, required=False)
    position = forms.CharField(label=_("Должность"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Электронная почта"),
        required=False,
        error_messages={"invalid": _("Введите адрес электронной почты, например ivanova@mail.ru.")},
    )

    def clean(self):
        data = super().clean()
        filled = data.get("organisation_name") or data.get("position") or data.get("email")
        if not data.get("full_name") and filled:
            self.add_error("full_name", _("Укажите ФИО гостя или очистите строку."))
        return data


GuestFormSet = forms.formset_factory(GuestForm, extra=2)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Протокол (итоги события)"),
        max_length=MINUTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Протокол не может быть пустым.")},
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=300, required=False)
    file = forms.FileField(
        label=_("Файл (pdf, doc, docx, xls, xlsx, odt, jpg, png; до 10 МБ)"),
        widget=forms.ClearableFileInput(attrs={"accept": EVENT_ATTACHMENT_RULE.accept}),
        error_messages={"required": _("Выберите файл.")},
    )


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False)
    kind = forms.ChoiceField(label=_("Вид"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "все виды"), *Event._meta.get_field("kind").choices]
