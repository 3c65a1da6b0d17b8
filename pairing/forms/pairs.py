"""Forms of the pair's page: the mentor ending the mentoring early."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.forms.base import DateInput, SaneDates

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class PairEndForm(SaneDates, forms.Form):
    reason = forms.CharField(
        label=_("Причина"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Укажите причину прекращения.")},
    )
    notice_on = forms.DateField(
        label=_("Дата уведомления"),
        help_text=_("Сегодня, если вы предупреждаете сейчас, или день письменного уведомления."),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        required=False,
    )
    on = forms.DateField(
        label=_("Последний день наставничества"),
        help_text=_(
            "Не раньше чем через 3 рабочих дня после уведомления (ст. 351.8 ТК РФ). Оставьте "
            "пустым — будет самый ранний возможный день."
        ),
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        required=False,
    )
