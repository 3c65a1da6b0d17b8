"""Forms of the pair's page: the mentor ending the mentoring early, the curator restoring a
pair ended by mistake."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.forms.base import DateInput, SaneDates

from .orders import end_kind_field

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class PairEndForm(SaneDates, forms.Form):
    kind = end_kind_field()
    reason = forms.CharField(
        label=_("Причина (подробнее)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
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
