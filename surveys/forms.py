"""Forms of the questionnaires: one form per section, built from the questions (data), with
Russian messages; and the small forms of the curator's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programme.forms.base import DateInput
from programme.models.org import Position

from .models import ConsentKind, QuestionKind
from .services.responses import competency_choices, people_choices

PRIORITY_CHOICES = [("", "—"), ("1", "высокий"), ("2", "средний"), ("3", "низкий")]
LEVEL_CHOICES = [("", "—"), ("1", "базовый"), ("2", "уверенный"), ("3", "экспертный")]
REQUIRED = _("Ответьте на этот вопрос.")


class SectionForm(forms.Form):
    """The questions of one section. `enforce_required` is off while saving a draft."""

    def __init__(self, *args, questions, invitation, answers, enforce_required, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.enforce_required = enforce_required
        self.blocks = []  # (question, [bound fields]) in order, for the template
        self._extra = {}
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
            self.fields[name] = forms.DateField(widget=DateInput(), **common)
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
                choices = [("", "— не выбрано —")] + [
                    (str(p.pk), p.full_name) for p in people_choices(q, invitation)
                ]
                self.fields[name] = forms.ChoiceField(choices=choices, **common)
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
                self.fields[flag] = forms.BooleanField(label="не хочу", required=False)
                self.initial[flag] = person.pk in unwanted
                names.append(flag)
        return names

    def bound_blocks(self):
        """(question, bound fields) per question, for the template."""
        return [(question, [self[name] for name in names]) for question, names in self.blocks]

    def clean(self):
        data = super().clean()
        for question in self.questions:
            value = self._value_of(question, data)
            if question.kind == QuestionKind.RANKING:
                places = [v for v in value["ranked_places"].values()]
                if len(places) != len(set(places)):
                    self.add_error(None, _("Одно и то же место поставлено нескольким людям."))
            if self.enforce_required and question.required:
                empty = (
                    not value
                    if question.kind == QuestionKind.COMPETENCIES
                    else question.kind == QuestionKind.RANKING and not value["ranked_places"]
                )
                if empty:
                    self.add_error(None, f"Ответьте на вопрос «{question.text}».")
        return data

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


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_("Я прочитал(а) текст и даю согласие на обработку моих персональных данных"),
        error_messages={"required": _("Без согласия анкету заполнить нельзя.")},
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Я отзываю согласие; мои ответы будут обезличены"),
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
    staff = forms.ModelChoiceField(label=_("Педагог"), queryset=None)
    kind = forms.ChoiceField(label=_("Вид согласия"), choices=ConsentKind.choices)
    scan = forms.FileField(
        label=_("Скан подписанного согласия (pdf, jpg, png, до 5 МБ)"),
        error_messages={"required": _("Загрузите скан подписанного согласия.")},
    )

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset


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
