"""Forms of the pair's outcome: the mentor's record and the curator's return with a note."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import GoalResult
from ..models.outcomes import CONCLUSION_MAX_LENGTH


class OutcomeForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Цель наставничества"),
        choices=GoalResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Выберите, достигнута ли цель наставничества.")},
    )
    conclusion = forms.CharField(
        label=_("Краткое заключение"),
        help_text=_("Чего удалось достичь, что осталось, что дальше (несколько предложений)."),
        max_length=CONCLUSION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Напишите краткое заключение: чего удалось достичь и что осталось.")
        },
    )


class OutcomeReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Что исправить"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
