"""Forms of the ceremony page: an external guest, a nomination, an award, the ceremony's
minutes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pairing.models import Pairing
from programme.forms.base import SaneDates
from programme.forms.bases import StaffChoiceField
from programme.models import Programme, StaffMember
from programme.validators import MINUTES_MAX_LENGTH, NOTE_MAX_LENGTH

from ..models import AwardDocument, Nomination, NominationKind

EMAIL_ERROR = _("Введите адрес электронной почты, например ivanova@mail.ru.")


class GuestForm(forms.Form):
    full_name = forms.CharField(
        label=_("ФИО гостя"),
        max_length=200,
        error_messages={"required": _("Укажите ФИО гостя.")},
    )
    organisation_name = forms.CharField(
        label=_("Организация"),
        max_length=300,
        required=False,
        help_text=_("Организация-партнёр, управление образования, другой детский сад."),
    )
    position = forms.CharField(label=_("Должность"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Электронная почта"),
        required=False,
        error_messages={"invalid": EMAIL_ERROR},
        help_text=_("Если указать, приглашение можно отправить письмом."),
    )


class NominationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Номинация"),
        choices=NominationKind.choices,
        error_messages={"required": _("Выберите номинацию.")},
    )
    title = forms.CharField(
        label=_("Название (для своей номинации)"),
        max_length=200,
        required=False,
        help_text=_("Например: «За верность профессии». Для трёх обычных можно не заполнять."),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == NominationKind.CUSTOM and not (data.get("title") or "").strip():
            self.add_error("title", _("Напишите название своей номинации."))
        return data


class NominationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Nomination) -> str:
        return obj.title


class _AwardFields(SaneDates, forms.Form):
    nomination = NominationChoiceField(
        label=_("Номинация"),
        queryset=Nomination.objects.none(),
        error_messages={"required": _("Выберите номинацию (сначала добавьте её).")},
    )
    document = forms.ChoiceField(
        label=_("Документ"), choices=AwardDocument.choices, initial=AwardDocument.CERTIFICATE
    )
    citation = forms.CharField(
        label=_("Формулировка (за что)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Коротко: печатается в грамоте."),
    )
    awarded_on = forms.DateField(
        label=_("Дата награждения"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = Nomination.objects.filter(programme=programme)


class AwardForm(_AwardFields):
    """Award one person by hand."""

    staff = StaffChoiceField(
        label=_("Кого наградить"),
        queryset=StaffMember.objects.none(),
        error_messages={"required": _("Выберите, кого наградить.")},
    )
    field_order = ["nomination", "staff", "document", "citation", "awarded_on"]

    def __init__(self, *args, programme: Programme, people, **kwargs):
        super().__init__(*args, programme=programme, **kwargs)
        self.fields["staff"].queryset = people


class PairAwardForm(_AwardFields):
    """Award a candidate pair from the list: the mentor alone or the whole pair."""

    MENTOR, PAIR = "mentor", "pair"
    pairing = forms.ModelChoiceField(queryset=Pairing.objects.none(), widget=forms.HiddenInput)
    who = forms.ChoiceField(
        label=_("Кого"),
        choices=[(MENTOR, _("наставника")), (PAIR, _("всю пару (группу)"))],
        initial=MENTOR,
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, programme=programme, **kwargs)
        self.fields["pairing"].queryset = Pairing.objects.filter(programme=programme)


class CeremonyRecordForm(forms.Form):
    minutes = forms.CharField(
        label=_("Итоги церемонии (протокол)"),
        max_length=MINUTES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Кто присутствовал, кто награждён и за что. Уже внесённый протокол можно не повторять."
        ),
    )
