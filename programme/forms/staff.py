from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import StaffMember
from ..models.org import Category, Position, Role
from ..services.staff import STAFF_LOGIN_ROLES
from ..services.staff_files import NOT_TEACHING_ANSWER, TARGET_CHOICES
from ..services.staff_import import ImportSettings
from .base import DateInput, SaneDates

# The posts a file's unknown post can be taken for («помощник воспитателя» is not teaching).
TEACHING_POSITIONS = [(c, label) for c, label in Position.choices if c != Position.ASSISTANT]


class StaffForm(SaneDates, forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "position",
            "experience_total",
            "experience_here",
            "category",
            "education",
            "birth_date",
            "hired_on",
            "email",
            "phone",
        ]
        widgets = {"birth_date": DateInput(), "hired_on": DateInput()}
        # The ranges and the rules between fields (birth not in the future, hired after birth,
        # experience 0–70 and here ≤ total) are the model's: the admin and the import apply
        # the same ones, and each message shows beside its field.


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False)
    position = forms.ChoiceField(
        label=_("Должность"), required=False, choices=[("", "все должности"), *Position.choices]
    )
    category = forms.ChoiceField(
        label=_("Категория"), required=False, choices=[("", "все категории"), *Category.choices]
    )
    experience_from = forms.CharField(label=_("Стаж от"), required=False)
    experience_to = forms.CharField(label=_("Стаж до"), required=False)
    active = forms.ChoiceField(
        label=_("Работает"),
        required=False,
        choices=[("1", "работают"), ("0", "уволены"), ("all", "все")],
    )


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("Файл со списком сотрудников (xlsx, xls, ods или csv)"),
        error_messages={"required": _("Выберите файл."), "empty": _("Файл пустой.")},
    )


POSITION_ANSWERS = [
    ("", _("— ответьте —")),
    (NOT_TEACHING_ANSWER, _("нет, не педагог — пропустить")),
    *((code, f"да, педагог: {label}") for code, label in TEACHING_POSITIONS),
]


class StaffImportSettingsForm(forms.Form):
    """The corrections on the import's preview: the sheet, the header row, what each column
    means («не загружать» included) and the answers about posts we did not know.

    Built from a preview to show it (`preview=`), or from what was posted to read it back
    (`settings()`); the same form carries the preview's digest to the apply."""

    sheet = forms.TypedChoiceField(label=_("Лист"), coerce=int, required=False, empty_value=None)
    header_row = forms.IntegerField(
        label=_("Строка с заголовками"), min_value=1, max_value=30, required=False
    )
    default_position = forms.ChoiceField(
        label=_("Должность для всех строк, если в файле нет столбца с должностью"),
        required=False,
        choices=[("", "—"), *TEACHING_POSITIONS],
    )
    shown_sheet = forms.IntegerField(widget=forms.HiddenInput, required=False)
    shown_header_row = forms.IntegerField(widget=forms.HiddenInput, required=False)
    digest = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, data=None, *, preview=None, **kwargs):
        super().__init__(data, **kwargs)
        self.column_rows, self.question_rows = [], []
        if preview is not None:
            self._from_preview(preview)
            return
        sheets = data.get("sheet_count") if data is not None else None
        count = int(sheets) if sheets and str(sheets).isdigit() else 0
        self.fields["sheet"].choices = [(i, i) for i in range(min(count, 100))]
        for key in data or ():
            if key.startswith("col_") and key[4:].isdigit():
                self.fields[key] = self._column_field("")
            if key.startswith("pos_key_") and key[8:].isdigit():
                self.fields[key] = forms.CharField(required=False, max_length=300)
                self.fields[f"pos_{key[8:]}"] = self._answer_field("")

    @staticmethod
    def _column_field(initial) -> forms.ChoiceField:
        return forms.ChoiceField(choices=TARGET_CHOICES, required=False, initial=initial)

    @staticmethod
    def _answer_field(initial) -> forms.ChoiceField:
        return forms.ChoiceField(choices=POSITION_ANSWERS, required=False, initial=initial)

    def _from_preview(self, preview) -> None:
        self.fields["sheet"].choices = list(enumerate(preview.sheet_names))
        self.fields["sheet_count"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        self.initial.update(
            sheet=preview.sheet,
            sheet_count=len(preview.sheet_names),
            header_row=preview.header_row,
            shown_sheet=preview.sheet,
            shown_header_row=preview.header_row,
            default_position=preview.default_position,
            digest=preview.digest,
        )
        for column in preview.columns:
            name = f"col_{column.index}"
            self.fields[name] = self._column_field(column.target)
            self.fields[name].label = column.header or f"Столбец {column.index + 1}"
            self.column_rows.append((column, self[name]))
        for number, question in enumerate(preview.questions):
            self.fields[f"pos_key_{number}"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=question.key
            )
            self.fields[f"pos_{number}"] = self._answer_field(question.answer)
            self.fields[f"pos_{number}"].label = question.written
            self.question_rows.append((question, self[f"pos_{number}"], self[f"pos_key_{number}"]))

    def settings(self) -> ImportSettings:
        """What was chosen. A column choice made for another sheet or header row is dropped:
        the columns there are other columns."""
        data = self.cleaned_data
        sheet, header_row = data.get("sheet"), data.get("header_row")
        same_table = sheet == data.get("shown_sheet") and header_row == data.get("shown_header_row")
        columns = None
        if same_table:
            columns = {
                int(name[4:]): value for name, value in data.items() if name.startswith("col_")
            }
        positions = {}
        for name, key in data.items():
            if name.startswith("pos_key_") and key and data.get(f"pos_{name[8:]}"):
                positions[key] = data[f"pos_{name[8:]}"]
        return ImportSettings(
            sheet=sheet,
            header_row=header_row if same_table or sheet == data.get("shown_sheet") else None,
            columns=columns or None,
            positions=positions,
            default_position=data.get("default_position") or "",
        )


class StaffLoginForm(forms.Form):
    username = forms.CharField(label=_("Логин"), max_length=150)
    role = forms.ChoiceField(
        label=_("Роль"),
        choices=[(value, label) for value, label in Role.choices if value in STAFF_LOGIN_ROLES],
    )
