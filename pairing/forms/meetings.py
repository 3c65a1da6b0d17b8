"""Forms of the pair's meetings: planning one, and recording how it went."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.forms.base import DateTimeInput, SaneDates
from programme.validators import NOTE_MAX_LENGTH

from ..models import MeetingKind


class MeetingForm(SaneDates, forms.Form):
    kind = forms.ChoiceField(label=_("Вид встречи"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(
        label=_("Дата и время"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
        error_messages={"required": _("Укажите дату и время встречи.")},
    )
    duration = forms.IntegerField(
        label=_("Продолжительность, минут"), min_value=10, max_value=480, initial=60
    )
    topic = forms.CharField(
        label=_("Тема"), max_length=300, error_messages={"required": _("Укажите тему встречи.")}
    )
    place = forms.CharField(
        label=_("Место"),
        max_length=300,
        required=False,
        help_text=_("Например: методический кабинет, группа № 5."),
    )
    online_url = forms.CharField(
        label=_("Или ссылка для подключения"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    after_end = forms.BooleanField(
        label=_("Всё равно запланировать после даты прекращения"),
        help_text=_("Пара прекращается досрочно; встреча после этой даты будет отменена."),
        required=False,
    )

    def __init__(self, *args, end_scheduled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # The confirmation is asked only of a pair whose early end is scheduled.
        if not end_scheduled:
            del self.fields["after_end"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the phone's file picker lets one choose a few at once)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class MeetingOutcomeForm(forms.Form):
    held = forms.TypedChoiceField(
        label=_("Встреча состоялась?"),
        choices=[("1", _("Да, состоялась")), ("0", _("Нет, не состоялась"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": _("Отметьте, состоялась ли встреча.")},
    )
    notes = forms.CharField(
        label=_("Заметки"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Что обсуждали; если не состоялась — почему."),
    )
    result = forms.CharField(
        label=_("Результат"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("О чём договорились, что сделать к следующей встрече."),
    )
    files = MultipleFileField(
        label=_("Файлы"),
        required=False,
        help_text=_("Конспект, фото, презентация: PDF, документы, изображения до 10 МБ."),
    )
