"""Forms of the individual development plan: its header, a row, the done mark with evidence,
a comment, the curator's return with a remark."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.forms.base import DateInput, SaneDates
from programme.validators import NOTE_MAX_LENGTH

from ..models import PlanActivity, PlanActivityKind, PlanResponsible

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class PlanHeaderForm(forms.Form):
    deficits = forms.CharField(
        label=_("Профессиональные дефициты"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Заполнено из запросов наставляемого в базе; уточните при необходимости."),
    )
    goal = forms.CharField(
        label=_("Цель"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    tasks = forms.CharField(
        label=_("Задачи"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PlanActivityForm(SaneDates, forms.Form):
    date_names = {"starts_on": "Срок «с»", "due_on": "Срок «до»"}
    content = forms.CharField(
        label=_("Мероприятие и содержание"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Опишите мероприятие.")},
    )
    kind = forms.ChoiceField(label=_("Форма"), choices=PlanActivityKind.choices)
    starts_on = forms.DateField(
        label=_("Срок: с"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    due_on = forms.DateField(
        label=_("Срок: до"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    responsible = forms.ChoiceField(
        label=_("Ответственный"), choices=PlanResponsible.choices, initial=PlanResponsible.BOTH
    )

    @classmethod
    def of(cls, activity: PlanActivity, **kwargs):
        return cls(
            initial={
                "content": activity.content,
                "kind": activity.kind,
                "starts_on": activity.starts_on,
                "due_on": activity.due_on,
                "responsible": activity.responsible,
            },
            prefix=f"a{activity.pk}",
            **kwargs,
        )


class PlanMarkForm(SaneDates, forms.Form):
    date_names = {"done_on": "Дата выполнения"}
    done_on = forms.DateField(
        label=_("Выполнено"),
        required=False,
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        help_text=_("Дата выполнения; пусто — ещё не выполнено."),
    )
    evidence_file = forms.FileField(label=_("Подтверждение: файл"), required=False)
    evidence_url = forms.CharField(
        label=_("Подтверждение: ссылка"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    clear_file = forms.BooleanField(label=_("Удалить прикреплённый файл"), required=False)


class PlanCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Комментарий"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Комментарий пустой.")},
    )
