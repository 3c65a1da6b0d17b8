"""Forms of the questionnaires: one form per section, built from the questions (data), with
Russian messages; and the small forms of the curator's pages."""

from django import forms
from django.forms.renderers import Jinja2
from django.utils.translation import gettext_lazy as _

from programme.forms.base import DateInput, SaneDates
from programme.models.org import Position
from programme.validators import validate_sane_date

from .models import ConsentKind, ConsentText, PublicationCategory, QuestionKind
from .services.responses import competency_choices, people_choices, people_options

PRIORITY_CHOICES = [("", "—"), ("1", "высокий"), ("2", "средний"), ("3", "низкий")]
LEVEL_CHOICES = [("", "—"), ("1", "базовый"), ("2", "уверенный"), ("3", "экспертный")]
REQUIRED = _("Ответьте на этот вопрос.")


class PersonField(forms.ChoiceField):
    """A person picked by id. What is offered is filled in only when the page is drawn (see
    SectionForm.bound_blocks); whether the person may be named is the service's check, with
    its Russian message, so a submit reads no list of people."""

    def valid_value(self, value) -> bool:
        return str(value).isdigit()


def _mark_required(field) -> None:
    """A required question is marked from the first look, not only after a failed «Далее»: the
    `required` attribute, which screen readers announce (the form is `novalidate`, so the browser
    never blocks «Сохранить и продолжить позже»). A group of checkboxes has no such attribute."""
    if not isinstance(field.widget, forms.CheckboxSelectMultiple):
        field.widget.attrs["required"] = True


def _element_id(bound_field) -> str:
    """The id of the input a link to this field reaches (a group's first choice)."""
    if isinstance(bound_field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


class SectionForm(SaneDates, forms.Form):
    """The questions of one section. `enforce_required` is off while saving a draft.

    Its inputs are drawn by Django's own Jinja2 widget templates (the same markup as the
    default ones): a section has dozens of selects and radio buttons, and this page is the one
    every teacher opens at once; Jinja2 draws them several times faster."""

    default_renderer = Jinja2()

    def __init__(self, *args, questions, invitation, answers, enforce_required, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.enforce_required = enforce_required
        self.blocks = []  # (question, [bound fields]) in order, for the template
        self._extra = {}
        self._people = []  # (question, field name, search field name) of person picks
        self._invitation = invitation
        # Errors about a whole question (a competency or ranking question left empty, one place
        # given twice): shown at the question and in the error summary, not only at the top.
        self.question_errors: dict[int, list[str]] = {}
        for question in questions:
            names = self._add_question(question, invitation, answers.get(question.pk))
            self.blocks.append((question, names))

    def _add_question(self, q, invitation, value) -> list[str]:
        name = f"q{q.pk}"
        required = q.required and self.enforce_required
        common = {"label": q.text, "help_text": q.help_text, "required": required}
        common["error_messages"] = {"required": REQUIRED}
        kind = q.kind
        if kind == QuestionKind.SHORT_TEXT:
            self.fields[name] = forms.CharField(max_length=500, **common)
        elif kind == QuestionKind.LONG_TEXT:
            self.fields[name] = forms.CharField(
                max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common
            )
        elif kind == QuestionKind.NUMBER:
            self.fields[name] = forms.DecimalField(
                min_value=0, max_value=1000, decimal_places=1, **common
            )
            self.fields[name].error_messages["invalid"] = _("Введите число.")
        elif kind == QuestionKind.DATE:
            self.fields[name] = forms.DateField(
                widget=DateInput(), validators=[validate_sane_date], **common
            )
            self.date_names[name] = f"«{q.text}»"
            value = value and str(value)
        elif kind == QuestionKind.YES_NO:
            self.fields[name] = forms.ChoiceField(
                choices=[("yes", "да"), ("no", "нет")], widget=forms.RadioSelect, **common
            )
            value = {True: "yes", False: "no"}.get(value)
        elif kind == QuestionKind.SCALE:
            numbers = range(q.scale_min or 1, (q.scale_max or 10) + 1)
            self.fields[name] = forms.ChoiceField(
                choices=[(str(n), str(n)) for n in numbers],
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                **common,
            )
            value = None if value is None else str(value)
        elif kind == QuestionKind.SINGLE:
            if q.people_source:
                search = f"{name}_find"
                self.fields[search] = forms.CharField(
                    label=_("Найти коллегу по фамилии"), required=False, max_length=100
                )
                self.fields[search].is_people_search = True
                self.fields[name] = PersonField(choices=[("", "— не выбрано —")], **common)
                self._people.append((q, name, search))
                if q.required:
                    _mark_required(self.fields[name])
                if value is not None:
                    self.initial[name] = str(value)
                return [search, name]
            else:
                choices = [(c.value or str(c.pk), c.text) for c in q.choices.all()]
                self.fields[name] = forms.ChoiceField(
                    choices=choices, widget=forms.RadioSelect, **common
                )
            value = None if value is None else str(value)
        elif kind == QuestionKind.MULTIPLE:
            choices = [(c.value or str(c.pk), c.text) for c in q.choices.all()]
            self.fields[name] = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        elif kind == QuestionKind.COMPETENCIES:
            return self._add_competencies(q, invitation, value or [])
        elif kind == QuestionKind.RANKING:
            return self._add_ranking(q, invitation, value or {})
        if q.required:
            _mark_required(self.fields[name])
        if value is not None:
            self.initial[name] = value
        return [name]

    def _add_competencies(self, q, invitation, value) -> list[str]:
        picked = {p["competency"]: str(p["value"]) for p in value}
        words = LEVEL_CHOICES if q.maps_to == "mentor.competencies" else PRIORITY_CHOICES
        names = []
        for competency in competency_choices(invitation):
            name = f"q{q.pk}_c{competency.pk}"
            self.fields[name] = forms.ChoiceField(
                label=competency.name, choices=words, required=False
            )
            self._extra[name] = (q.pk, competency.pk)
            if competency.pk in picked:
                self.initial[name] = picked[competency.pk]
            names.append(name)
        return names

    def _add_ranking(self, q, invitation, value) -> list[str]:
        people = people_choices(q, invitation)
        places = [("", "—")] + [(str(n), f"{n} место") for n in range(1, len(people) + 1)]
        ranked = {pk: str(i) for i, pk in enumerate(value.get("ranked", []), start=1)}
        unwanted = set(value.get("unwanted", []))
        names = []
        for person in people:
            name = f"q{q.pk}_p{person.pk}"
            self.fields[name] = forms.ChoiceField(
                label=person.full_name, choices=places, required=False
            )
            self.initial[name] = ranked.get(person.pk, "")
            names.append(name)
            if q.allow_unwanted:
                flag = f"q{q.pk}_u{person.pk}"
                # Labelled with the person: «не в паре» on the page, the name for a
                # screen reader, so that each checkbox has a name of its own.
                self.fields[flag] = forms.BooleanField(label=person.full_name, required=False)
                self.initial[flag] = person.pk in unwanted
                names.append(flag)
        return names

    def bound_blocks(self):
        """(question, bound fields) per question, for the template. A person pick gets its
        options here: everyone eligible while they are few, else a search box and the people
        found (plus the one chosen), so that the page does not grow with the staff."""
        hidden = set()
        for question, name, search in self._people:
            people, searchable = people_options(
                question,
                self._invitation,
                search=self[search].value() or "",
                chosen=self[name].value(),
            )
            if people:
                empty = "— не выбрано —"
            elif searchable:
                empty = "— введите фамилию и нажмите «Найти» —"
            else:
                empty = "— список пока пуст —"
            self.fields[name].choices = [("", empty)] + [(str(p.pk), p.full_name) for p in people]
            if not searchable:
                hidden.add(search)
        return [
            (question, [self[name] for name in names if name not in hidden])
            for question, names in self.blocks
        ]

    def clean(self):
        data = super().clean()
        for question in self.questions:
            value = self._value_of(question, data)
            if question.kind == QuestionKind.RANKING:
                places = [v for v in value["ranked_places"].values()]
                if len(places) != len(set(places)):
                    self._question_error(
                        question, _("Одно и то же место поставлено нескольким людям.")
                    )
            if self.enforce_required and question.required:
                empty = (
                    not value
                    if question.kind == QuestionKind.COMPETENCIES
                    else question.kind == QuestionKind.RANKING and not value["ranked_places"]
                )
                if empty:
                    self._question_error(question, f"Ответьте на вопрос «{question.text}».")
        return data

    def _question_error(self, question, message) -> None:
        self.question_errors.setdefault(question.pk, []).append(str(message))
        self.add_error(None, message)

    def error_summary(self) -> list[tuple[str, str]]:
        """(message, id of the field to go to) for the page's error summary: each question in
        error in the order of the page, named, then what is about the whole section."""
        entries, about_questions = [], set()
        for question, names in self.blocks:
            own = self.question_errors.get(question.pk, [])
            about_questions.update(own)
            messages = list(own)
            target = ""
            for name in names:
                if self[name].errors and not target:
                    target = _element_id(self[name])
                messages += [str(e) for e in self[name].errors]
            if not messages:
                continue
            picks = [n for n in names if not getattr(self.fields[n], "is_people_search", False)]
            target = target or _element_id(self[(picks or names)[0]])
            for message in messages:
                ends = " — " if question.text.rstrip()[-1:] in "?.!:" else ": "
                text = message if question.text in message else f"{question.text}{ends}{message}"
                entries.append((text, target))
        entries += [(str(e), "") for e in self.non_field_errors() if str(e) not in about_questions]
        return entries

    def _value_of(self, question, data):
        kind = question.kind
        prefix = f"q{question.pk}"
        if kind == QuestionKind.COMPETENCIES:
            return [
                {"competency": int(name.split("_c")[1]), "value": int(data[name])}
                for name in self.fields
                if name.startswith(prefix + "_c") and data.get(name)
            ]
        if kind == QuestionKind.RANKING:
            places = {
                int(name.split("_p")[1]): int(data[name])
                for name in self.fields
                if name.startswith(prefix + "_p") and data.get(name)
            }
            unwanted = [
                int(name.split("_u")[1])
                for name in self.fields
                if name.startswith(prefix + "_u") and data.get(name)
            ]
            return {"ranked_places": places, "unwanted": unwanted}
        return data.get(prefix)

    def answers(self) -> dict:
        """Question id → value as the service takes it."""
        result = {}
        data = self.cleaned_data
        for question in self.questions:
            value = self._value_of(question, data)
            kind = question.kind
            if kind == QuestionKind.RANKING:
                ordered = sorted(value["ranked_places"].items(), key=lambda kv: kv[1])
                value = {"ranked": [pk for pk, _n in ordered], "unwanted": value["unwanted"]}
            elif kind == QuestionKind.DATE and value:
                value = value.isoformat()
            elif kind == QuestionKind.NUMBER and value is not None:
                value = str(value)
            result[question.pk] = value
        return result


class TickedCheckbox(forms.CheckboxInput):
    """A checkbox that is ticked only by what a browser sends for a ticked box: «off», «0»,
    «false» or an empty value is not a yes (Django's CheckboxInput takes any other string)."""

    TICKED = {"on", "true", "1", "yes"}

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in self.TICKED if value is not None else False


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("Текст прочитан, даю согласие на обработку моих персональных данных"),
        widget=TickedCheckbox,
        error_messages={"required": _("Без согласия анкету заполнить нельзя.")},
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Я отзываю согласие; мои данные будут удалены или обезличены"),
        widget=TickedCheckbox,
        error_messages={"required": _("Подтвердите отзыв согласия.")},
    )


class InvitationCreateForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Должность"), required=False, choices=[("", "все"), *Position.choices]
    )
    experience_from = forms.DecimalField(label=_("Стаж от"), required=False, min_value=0)
    experience_to = forms.DecimalField(label=_("Стаж до"), required=False, min_value=0)
    role = forms.ChoiceField(
        label=_("Роль в программе"),
        required=False,
        choices=[
            ("", "все"),
            ("mentee", "в базе наставляемых"),
            ("mentor", "в базе наставников"),
            ("none", "пока не в базах"),
        ],
    )


class InvitationOptionsForm(forms.Form):
    days = forms.IntegerField(
        label=_("Ссылка действует, дней"), min_value=1, max_value=365, initial=30
    )
    send_email = forms.BooleanField(
        label=_("Отправить ссылки по электронной почте"), required=False, initial=True
    )


class PaperConsentForm(forms.Form):
    """A signed paper form: tied to the version printed on it, chosen or scanned from its code."""

    staff = forms.ModelChoiceField(label=_("Педагог"), queryset=None)
    kind = forms.ChoiceField(label=_("Вид согласия"), choices=ConsentKind.choices)
    text = forms.ModelChoiceField(
        label=_("Версия текста, напечатанная на бланке"),
        queryset=None,
        required=False,
        empty_label=_("— по коду с бланка —"),
    )
    code = forms.CharField(
        label=_("Код версии с бланка (под QR-кодом, можно отсканировать)"),
        max_length=60,
        required=False,
    )
    categories = forms.MultipleChoiceField(
        label=_("Для согласия на публикацию: что отмечено в бланке"),
        choices=PublicationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    bans = forms.CharField(label=_("Запреты (из бланка)"), max_length=2000, required=False)
    conditions = forms.CharField(label=_("Условия (из бланка)"), max_length=2000, required=False)
    scan = forms.FileField(
        label=_("Скан подписанного согласия (pdf, jpg, png, до 5 МБ)"),
        error_messages={"required": _("Загрузите скан подписанного согласия.")},
    )

    def __init__(self, *args, staff_queryset, text_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset
        self.fields["text"].queryset = (
            text_queryset if text_queryset is not None else ConsentText.objects.none()
        )
        self.fields["text"].label_from_instance = lambda t: f"{t} — код {t.code}"

    def clean(self):
        data = super().clean()
        if not data.get("text") and not (data.get("code") or "").strip():
            raise forms.ValidationError(
                _("Укажите версию текста, напечатанную на бланке: выберите её или введите код.")
            )
        return data


class WrittenWithdrawalForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Педагог"), queryset=None)
    kind = forms.ChoiceField(label=_("Вид согласия"), choices=ConsentKind.choices)
    note = forms.CharField(label=_("Основание (заявление, дата)"), max_length=500)

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset


class ThirdPartyForm(forms.Form):
    subject = forms.ModelChoiceField(
        label=_("Педагог, о котором вы сообщаете сведения"), queryset=None
    )

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = staff_queryset


class PublicationConsentForm(forms.Form):
    """Consent to publication (ст. 10.1) as its own document: what may be published, the bans
    and conditions the person sets."""

    categories = forms.MultipleChoiceField(
        label=_("Что можно публиковать"),
        choices=PublicationCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Отметьте хотя бы одну категорию или не давайте согласие.")},
    )
    bans = forms.CharField(
        label=_("Запреты"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Например: «запрещаю передачу третьим лицам и копирование на другие сайты»."),
    )
    conditions = forms.CharField(
        label=_("Условия"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Например: «только на сайте детского сада»."),
    )
    agree = forms.BooleanField(
        label=_("Даю согласие на распространение отмеченных персональных данных"),
        widget=TickedCheckbox,
        error_messages={"required": _("Отметьте согласие, чтобы сохранить его.")},
    )


class ConsentPrintForm(forms.Form):
    """Batch printing of consent forms for a list of people."""

    kind = forms.ChoiceField(label=_("Вид согласия"), choices=ConsentKind.choices)
    staff = forms.ModelMultipleChoiceField(
        label=_("Педагоги"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset
