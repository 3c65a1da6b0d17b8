"""Forms of the feedback: the programme's collection dates and when a pair is in trouble."""

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.forms.base import DateInput, SaneDates
from programme.validators import validate_sane_date

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def parse_dates(text: str) -> list[dt.date]:
    """Dates typed one per line or separated by commas or spaces, as «15.10.2024» or
    «2024-10-15»; raises ValidationError naming what could not be read."""
    dates, wrong = [], []
    for word in re.split(r"[\s,;]+", text or ""):
        if not word:
            continue
        for fmt in DATE_FORMATS:
            try:
                dates.append(dt.datetime.strptime(word, fmt).date())
                break
            except ValueError:
                continue
        else:
            wrong.append(word)
    if wrong:
        raise forms.ValidationError(
            _("Не удалось прочитать дату: %(words)s. Пишите так: 15.10.2024."),
            params={"words": ", ".join(wrong[:5])},
        )
    return sorted(set(dates))


class FeedbackScheduleForm(SaneDates, forms.Form):
    date_names = {"starts_on": "Первая дата сбора", "ends_on": "Последняя дата сбора"}

    dates = forms.CharField(
        label=_("Даты сбора"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("По одной в строке или через запятую: 15.10.2024, 15.12.2024."),
    )
    every_weeks = forms.IntegerField(
        label=_("Или каждые N недель"), required=False, min_value=1, max_value=26
    )
    starts_on = forms.DateField(
        label=_("с"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    ends_on = forms.DateField(
        label=_("по"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    answer_days = forms.IntegerField(
        label=_("Ссылка на анкету действует, дней"), min_value=1, max_value=90, initial=14
    )
    low_score = forms.IntegerField(
        label=_("Тревога: оценка продвижения или комфорта не выше"),
        min_value=1,
        max_value=9,
        initial=4,
    )
    quiet_weeks = forms.IntegerField(
        label=_("Тревога: нет встреч, недель"), min_value=1, max_value=26, initial=4
    )

    def clean_dates(self):
        dates = parse_dates(self.cleaned_data.get("dates", ""))
        for day in dates:
            validate_sane_date(day)  # named «Даты сбора: …» by SaneDates
        return dates
