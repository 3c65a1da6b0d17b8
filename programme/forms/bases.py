"""Forms of the competency catalogue, the mentee base (2.3) and the mentor base (3.4).

They only check what the user typed; the rules of the bases live in services/bases.py. The
forms are plain forms, not model forms, so that a refused save leaves the record untouched.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..exceptions import DomainError
from ..models import Competency, MenteeProfile, MentorProfile, Programme, StaffMember
from ..models.bases import (
    CompetencyLevel,
    LabourBasis,
    MenteeCategory,
    MenteeStatus,
    MentorStatus,
    Priority,
    RequestSource,
)
from ..models.roadmap import MentoringForm
from ..selectors.bases import competency_choices
from ..services.bases import validate_capacity
from ..validators import NOTE_MAX_LENGTH, validate_sane_date
from .base import DateInput, SaneDates


def _blank(label: str, choices) -> list[tuple[str, str]]:
    return [("", label), *choices]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        return f"{obj.full_name} — {obj.get_position_display()}"


# --- Competencies --------------------------------------------------------------------------


class CompetencyForm(forms.Form):
    name = forms.CharField(
        label=_("Название"),
        max_length=300,
        error_messages={"required": _("Укажите название компетенции.")},
    )
    description = forms.CharField(
        label=_("Описание"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    order = forms.IntegerField(label=_("Порядок в списке"), min_value=0, initial=0)
    is_active = forms.BooleanField(label=_("Используется"), required=False, initial=True)

    @classmethod
    def for_competency(cls, data, competency: Competency | None):
        initial = {}
        if competency is not None:
            initial = {
                "name": competency.name,
                "description": competency.description,
                "order": competency.order,
                "is_active": competency.is_active,
            }
        return cls(data, initial=initial)


# --- Mentee base ---------------------------------------------------------------------------


class MenteeFilterForm(forms.Form):
    q = forms.CharField(label=_("ФИО"), required=False)
    status = forms.ChoiceField(
        label=_("Статус"), required=False, choices=_blank("все статусы", MenteeStatus.choices)
    )
    category = forms.ChoiceField(
        label=_("Категория"),
        required=False,
        choices=_blank("все категории", MenteeCategory.choices),
    )


class MenteeAddForm(forms.Form):
    staff = StaffChoiceField(
        label=_("Педагог"),
        queryset=StaffMember.objects.none(),
        error_messages={
            "required": _("Выберите педагога."),
            "invalid_choice": _("Этого педагога нельзя добавить: выберите из списка."),
        },
    )
    category = forms.ChoiceField(
        label=_("Категория"), required=False, choices=_blank("—", MenteeCategory.choices)
    )

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset


class MenteeForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Категория"), required=False, choices=_blank("—", MenteeCategory.choices)
    )
    preferred_form = forms.ChoiceField(
        label=_("Предпочитаемая форма наставничества"),
        required=False,
        choices=_blank("—", MentoringForm.choices),
    )
    preferred_mentor = StaffChoiceField(
        label=_("Желаемый наставник"),
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label="— не указан —",
    )
    note = forms.CharField(
        label=_("Примечание"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, profile: MenteeProfile, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "category": profile.category,
                "preferred_form": profile.preferred_form,
                "preferred_mentor": profile.preferred_mentor_id,
                "note": profile.note,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["preferred_mentor"].queryset = (
            StaffMember.objects.filter(organisation_id=profile.programme.organisation_id)
            .filter(is_active=True)
            .exclude(pk=profile.staff_id)
            .order_by("last_name", "first_name")
        )


class MenteeRequestForm(forms.Form):
    competency = forms.ModelChoiceField(
        label=_("Компетенция (дефицит)"),
        queryset=Competency.objects.none(),
        required=False,
        empty_label="— выберите —",
    )
    priority = forms.TypedChoiceField(
        label=_("Приоритет"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )
    note = forms.CharField(label=_("Комментарий"), max_length=500, required=False)
    source = forms.ChoiceField(
        label=_("Источник"), choices=RequestSource.choices, initial=RequestSource.CURATOR
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies

    def clean(self):
        data = super().clean()
        if not data.get("competency") and data.get("note"):
            self.add_error("competency", _("Выберите компетенцию или очистите строку."))
        return data


class _UniqueCompetencyFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            competency = form.cleaned_data.get("competency")
            if competency is None:
                continue
            if competency.pk in seen:
                raise forms.ValidationError(
                    _("Компетенция «%(name)s» указана дважды."), params={"name": competency.name}
                )
            seen.add(competency.pk)

    def rows(self) -> list[dict]:
        """The filled rows that are not marked for deletion."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data.get("competency") and not form.cleaned_data.get("DELETE")
        ]


MenteeRequestFormSet = forms.formset_factory(
    MenteeRequestForm, formset=_UniqueCompetencyFormSet, extra=3, can_delete=True
)


def mentee_request_formset(data, profile: MenteeProfile) -> _UniqueCompetencyFormSet:
    requests = list(profile.requests.all())
    initial = [
        {
            "competency": r.competency_id,
            "priority": r.priority,
            "note": r.note,
            "source": r.source,
        }
        for r in requests
    ]
    choices = competency_choices(
        profile.programme.organisation, keep_ids=[r.competency_id for r in requests]
    )
    return MenteeRequestFormSet(
        data, initial=initial, prefix="requests", form_kwargs={"competencies": choices}
    )


class MenteeStatusForm(SaneDates, forms.Form):
    status = forms.ChoiceField(
        label=_("Новый статус"),
        # «В паре» is set by the pairing (5.3–5.4), not by hand.
        choices=[(v, label) for v, label in MenteeStatus.choices if v != MenteeStatus.PAIRED],
    )
    on = forms.DateField(
        label=_("Дата"),
        required=False,
        widget=DateInput(),
        validators=[validate_sane_date],
        help_text=_("Включения в базу или выбытия; пусто — сегодня."),
    )
    reason = forms.CharField(
        label=_("Причина выбытия"),
        max_length=300,
        required=False,
        help_text=_("Обязательна для статуса «выбытие из программы»."),
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == MenteeStatus.DROPPED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Укажите причину выбытия."))
        return data


class MenteeBulkForm(SaneDates, forms.Form):
    INCLUDE = "include"
    DROP = "drop"
    action = forms.ChoiceField(
        label=_("Действие"),
        choices=[(INCLUDE, _("Включить в базу")), (DROP, _("Исключить (выбытие из программы)"))],
    )
    mentee = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={"required": _("Отметьте хотя бы одного наставляемого.")},
    )
    on = forms.DateField(
        label=_("Дата"), required=False, widget=DateInput(), validators=[validate_sane_date]
    )
    reason = forms.CharField(label=_("Причина выбытия"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any number is accepted here; the service refuses ids outside the programme.
        values = self.data.getlist("mentee") if hasattr(self.data, "getlist") else []
        self.fields["mentee"].choices = [(v, v) for v in values if str(v).isdigit()]


# --- Mentor base ---------------------------------------------------------------------------


class MentorFilterForm(forms.Form):
    q = forms.CharField(label=_("ФИО"), required=False)
    status = forms.ChoiceField(
        label=_("Статус"), required=False, choices=_blank("все статусы", MentorStatus.choices)
    )


class MentorAddForm(forms.Form):
    staff = StaffChoiceField(
        label=_("Педагог"),
        queryset=StaffMember.objects.none(),
        error_messages={
            "required": _("Выберите педагога."),
            "invalid_choice": _("Этого педагога нельзя добавить: выберите из списка."),
        },
    )

    def __init__(self, *args, staff_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset


class MentorForm(SaneDates, forms.Form):
    date_names = {
        "labour_consent_on": "Дата письменного согласия",
        "addendum_signed_on": "Дата подписания доп. соглашения",
    }

    achievements = forms.CharField(
        label=_("Достижения"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    preferred_forms = forms.MultipleChoiceField(
        label=_("Предпочитаемые формы наставничества"),
        choices=MentoringForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity = forms.IntegerField(
        label=_("Личный лимит наставляемых"),
        required=False,
        error_messages={"invalid": _("Введите целое число.")},
    )
    availability = forms.CharField(label=_("Доступное время"), max_length=300, required=False)
    offer_to_others = forms.BooleanField(
        label=_("Согласен, чтобы его предлагали другим организациям"), required=False
    )
    long_term_agreed = forms.BooleanField(
        label=_("Согласен остаться в долгосрочной базе наставников"),
        required=False,
        help_text=_(
            "«Копировать на следующий год» перенесёт наставника в базу следующего года "
            "с компетенциями и статусом «в долгосрочной базе»."
        ),
    )
    labour_basis = forms.ChoiceField(
        label=_("Основание наставничества"),
        choices=LabourBasis.choices,
        initial=LabourBasis.CONSENT,
        required=False,  # not sent: the written consent, as before the choice existed
        widget=forms.RadioSelect,
    )
    labour_consent_on = forms.DateField(
        label=_("Дата письменного согласия (ст. 351.8 ТК РФ)"),
        required=False,
        widget=DateInput(),
        validators=[validate_sane_date],
        help_text=_(
            "Без согласия педагогу нельзя присвоить статус «наставник» — кроме случая, когда "
            "наставничество входит в её должностные обязанности."
        ),
    )
    labour_duties_note = forms.CharField(
        label=_("Где записаны обязанности наставника"),
        max_length=300,
        required=False,
        help_text=_("Например: должностная инструкция старшего воспитателя, п. 2.7."),
    )
    addendum_content = forms.CharField(
        label=_("Доп. соглашение: содержание наставничества"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    addendum_term = forms.CharField(
        label=_("Доп. соглашение: срок"), max_length=200, required=False
    )
    addendum_form = forms.ChoiceField(
        label=_("Доп. соглашение: форма"),
        required=False,
        choices=_blank("—", MentoringForm.choices),
    )
    addendum_pay = forms.CharField(
        label=_("Доп. соглашение: оплата"), max_length=300, required=False
    )
    addendum_signed_on = forms.DateField(
        label=_("Доп. соглашение подписано"),
        required=False,
        widget=DateInput(),
        validators=[validate_sane_date],
        help_text=_("Пока даты нет, соглашение ждёт подписи руководителя («На подпись»)."),
    )
    note = forms.CharField(
        label=_("Примечание"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_labour_basis(self) -> str:
        return self.cleaned_data.get("labour_basis") or LabourBasis.CONSENT

    def __init__(self, *args, profile: MentorProfile, **kwargs):
        kwargs.setdefault("initial", {name: getattr(profile, name) for name in self.base_fields})
        super().__init__(*args, **kwargs)
        self.programme: Programme = profile.programme
        self.fields["capacity"].help_text = _(
            "От 1 до %(cap)s (лимит программы); пусто — по умолчанию программы."
        ) % {"cap": self.programme.default_capacity}

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        try:
            validate_capacity(programme=self.programme, capacity=capacity)
        except DomainError as error:
            raise forms.ValidationError(error.message) from None
        return capacity


class MentorCompetencyForm(forms.Form):
    competency = forms.ModelChoiceField(
        label=_("Компетенция"),
        queryset=Competency.objects.none(),
        required=False,
        empty_label="— выберите —",
    )
    level = forms.TypedChoiceField(
        label=_("Уровень"),
        choices=CompetencyLevel.choices,
        coerce=int,
        initial=CompetencyLevel.CONFIDENT,
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies


MentorCompetencyFormSet = forms.formset_factory(
    MentorCompetencyForm, formset=_UniqueCompetencyFormSet, extra=3, can_delete=True
)


def mentor_competency_formset(data, profile: MentorProfile) -> _UniqueCompetencyFormSet:
    rows = list(profile.competencies.all())
    initial = [{"competency": r.competency_id, "level": r.level} for r in rows]
    choices = competency_choices(
        profile.programme.organisation, keep_ids=[r.competency_id for r in rows]
    )
    return MentorCompetencyFormSet(
        data, initial=initial, prefix="competencies", form_kwargs={"competencies": choices}
    )


class MentorStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Новый статус"), choices=MentorStatus.choices)
