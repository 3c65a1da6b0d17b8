"""Forms of 5.4: the draft order's details, the signed-order confirmation, and the later
changes of a pairing (early end, a mentee leaving)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.forms.base import DateInput, SaneDates
from programme.models import StaffMember

from ..models import MENTOR_UNAVAILABLE_KINDS, EndKind, Order


class OrderForm(SaneDates, forms.ModelForm):
    """The draft's details. The monitor is one of the organisation's staff."""

    date_names = {"date": "Дата приказа", "plans_due_on": "Срок индивидуальных планов"}

    class Meta:
        model = Order
        fields = [
            "kind",
            "number",
            "date",
            "city",
            "title",
            "regulation",
            "plans_due_on",
            "monitor",
            "payments",
        ]
        widgets = {
            "date": DateInput(),
            "plans_due_on": DateInput(),
            "regulation": forms.Textarea(attrs={"rows": 2}),
            "payments": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "number": _("Номер из журнала регистрации приказов; нужен для регистрации."),
            "regulation": _("Как его называет приказ: «Положение о наставничестве …, утв. …»."),
            "payments": _("Продолжает фразу «Выплаты наставникам производить …»."),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["monitor"].queryset = StaffMember.objects.filter(
            organisation=organisation, is_active=True
        ).order_by("last_name", "first_name", "patronymic")
        self.fields["monitor"].required = False
        for name in ("date", "plans_due_on"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]


class OrderRegisterForm(forms.Form):
    """Registering is the step after the head has signed the paper: said in words, no script."""

    signed = forms.BooleanField(
        label=_("Приказ подписан руководителем, номер и дата внесены в журнал регистрации"),
        error_messages={
            "required": _(
                "Отметьте, что приказ подписан руководителем: без этого его не регистрируют."
            )
        },
    )


class NoticePrintForm(forms.Form):
    everyone = forms.BooleanField(
        label=_("Для всех участников (не только для тех, у кого нет электронной почты)"),
        required=False,
    )


def end_kind_field() -> forms.ChoiceField:
    """The reason kinds of an early end; those that make the mentor unavailable say so."""
    choices = [("", _("— выберите —"))] + [
        (
            kind.value,
            f"{kind.label} — наставник не предлагается для новых пар"
            if kind in MENTOR_UNAVAILABLE_KINDS
            else kind.label,
        )
        for kind in EndKind
    ]
    return forms.ChoiceField(label=_("Основание"), choices=choices, required=False)


class PairingTerminateForm(SaneDates, forms.Form):
    date_names = {"notice_on": "Дата уведомления"}

    on = forms.DateField(
        label=_("Последний день наставничества"),
        help_text=_("До этого дня пара действует; в этот день она станет «прекращена досрочно»."),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"required": _("Укажите дату прекращения.")},
    )
    kind = end_kind_field()
    reason = forms.CharField(
        label=_("Причина (подробнее)"),
        max_length=500,
        required=False,
        help_text=_("Пусто — по выбранному основанию."),
    )
    by_mentor = forms.BooleanField(label=_("По инициативе наставника"), required=False)
    notice_on = forms.DateField(
        label=_("Дата письменного уведомления (ст. 351.8 ТК РФ)"),
        help_text=_("Не менее чем за 3 рабочих дня до прекращения."),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        required=False,
    )


class MembershipLeaveForm(SaneDates, forms.Form):
    on = forms.DateField(
        label=_("Дата выхода из пары"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"required": _("Укажите дату выхода из пары.")},
    )
    reason = forms.CharField(
        label=_("Причина"),
        max_length=500,
        error_messages={"required": _("Укажите причину выхода из пары.")},
    )
