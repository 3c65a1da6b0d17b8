"""Forms of the annual return: the coordinator's collection, the head's corrections and answers."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.forms.base import SaneDates
from programme.validators import NOTE_MAX_LENGTH

from ..models import IndicatorKind, ReturnCollection
from ..selectors.returns import FigureRow

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CollectionForm(SaneDates, forms.Form):
    title = forms.CharField(
        label=_("Название сбора"),
        max_length=300,
        initial="Годовой отчёт о наставничестве педагогических работников",
        error_messages={"required": _("Назовите сбор.")},
    )
    as_of = forms.DateField(
        label=_("По состоянию на"),
        widget=DATE_INPUT,
        help_text=_("Например, 01.11.2024: цифры считаются на эту дату."),
        error_messages={"required": _("Укажите дату, на которую собирается отчёт.")},
    )
    opens_on = forms.DateField(
        label=_("Приём открывается"),
        widget=DATE_INPUT,
        error_messages={"required": _("Укажите, с какого дня принимаются отчёты.")},
    )
    closes_on = forms.DateField(
        label=_("Приём закрывается"),
        widget=DATE_INPUT,
        error_messages={"required": _("Укажите последний день приёма.")},
    )
    numbers = forms.CharField(
        label=_("Свои числовые показатели"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("По одному в строке; заведующий впишет число. Необязательно."),
    )
    texts = forms.CharField(
        label=_("Свои текстовые показатели"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("По одному в строке; заведующий впишет текст. Необязательно."),
    )

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("Приём не может закрыться раньше, чем откроется."))
        data["numbers"] = _lines(data.get("numbers", ""))
        data["texts"] = _lines(data.get("texts", ""))
        return data


class ReturnForm(forms.Form):
    """For each figure: a corrected value and its comment; for each coordinator's indicator:
    the head's answer. Prefilled with the current version's."""

    def __init__(
        self, *args, rows: list[FigureRow], collection: ReturnCollection, current=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"fix_{row.code}"] = forms.DecimalField(
                label=_("Исправленное значение: %(label)s") % {"label": row.label},
                required=False,
                min_value=0,
                max_digits=9,
                decimal_places=1,
                initial=row.corrected,
            )
            self.fields[f"why_{row.code}"] = forms.CharField(
                label=_("Комментарий к исправлению: %(label)s") % {"label": row.label},
                required=False,
                max_length=500,
                initial=row.comment,
            )
        given = {a["id"]: a["value"] for a in (current.answers if current else [])}
        self.indicators = list(collection.indicators.all())
        for indicator in self.indicators:
            if indicator.kind == IndicatorKind.NUMBER:
                field = forms.DecimalField(
                    required=False, min_value=0, max_digits=12, decimal_places=2
                )
            else:
                field = forms.CharField(
                    required=False,
                    max_length=NOTE_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            field.label = indicator.label
            field.initial = given.get(indicator.pk)
            self.fields[f"ind_{indicator.pk}"] = field

    def pairs(self):
        """(row, value field, comment field) for the template."""
        return [(row, self[f"fix_{row.code}"], self[f"why_{row.code}"]) for row in self.rows]

    def indicator_fields(self):
        return [self[f"ind_{indicator.pk}"] for indicator in self.indicators]

    def corrections(self) -> dict:
        data = self.cleaned_data
        return {
            row.code: (data.get(f"fix_{row.code}"), data.get(f"why_{row.code}", ""))
            for row in self.rows
        }

    def answers(self) -> dict:
        return {ind.pk: self.cleaned_data.get(f"ind_{ind.pk}") for ind in self.indicators}
