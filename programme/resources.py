"""The staff list as a spreadsheet (django-import-export): Russian headers, positions and
categories by their Russian names, dates as дд.мм.гггг, the organisation from the curator."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from import_export import fields, resources, widgets
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .models import StaffMember
from .models.org import Category, Position
from .validators import normalise_name

# Characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Text that a spreadsheet would run as a formula is kept as text behind an apostrophe.

    The one rule of every export (the staff page and the admin through `FormulaSafeResource`,
    the questionnaire results, the assessment rounds): a cell typed by a person never runs.
    The import takes the apostrophe off again (`unescape_formula`), so an export loads back
    unchanged."""
    if isinstance(value, str):
        # Control characters a spreadsheet cannot hold (openpyxl refuses the whole file).
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith(FORMULA_PREFIXES):
            return "'" + value
    return value


def escape_row(values) -> list:
    return [escape_formula(value) for value in values]


def unescape_formula(value):
    if isinstance(value, str) and value.startswith("'") and value[1:2] in FORMULA_PREFIXES:
        return value[1:]
    return value


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        value = unescape_formula(value)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


class NameWidget(TextWidget):
    """A name as the staff card stores it (see `normalise_name`), so that the import finds the
    person even when the file has an invisible character or a double space in the name."""

    def clean(self, value, row=None, **kwargs):
        return normalise_name(super().clean(value, row, **kwargs))


class ChoiceLabelWidget(widgets.Widget):
    """A choice written by its Russian name («воспитатель»), case and spaces not minded."""

    def __init__(self, choices, *, what: str, default=None):
        super().__init__()
        self.by_label = {str(label).strip().lower(): code for code, label in choices}
        self.by_code = {code: str(label) for code, label in choices}
        self.what = what
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = " ".join(str(value or "").split()).lower()
        if not text:
            if self.default is not None:
                return self.default
            raise ValueError(f"Не указана {self.what}.")
        if text in self.by_label:
            return self.by_label[text]
        if text in self.by_code:
            return text
        raise ValueError(f"Неизвестная {self.what} «{value}».")

    def render(self, value, obj=None, **kwargs):
        return self.by_code.get(value, value or "")


class RuDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"Дата «{text}» не в формате дд.мм.гггг.")

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d.%m.%Y") if value else ""


class YearsWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return Decimal("0")
        try:
            years = Decimal(str(value).strip().replace(",", "."))
            if not years.is_finite():
                raise InvalidOperation
            # The range (0–70) is the model field's rule, checked with the rest of the row.
            return years.quantize(Decimal("0.1"))
        except InvalidOperation:
            raise ValueError(f"Стаж «{value}» — не число лет.") from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{value:g}".replace(".", ",")


HEADERS = {
    "last_name": "Фамилия",
    "first_name": "Имя",
    "patronymic": "Отчество",
    "position": "Должность",
    "experience_total": "Педагогический стаж",
    "experience_here": "Стаж в организации",
    "category": "Категория",
    "education": "Образование",
    "birth_date": "Дата рождения",
    "hired_on": "Дата приёма",
    "email": "Email",
    "phone": "Телефон",
}
REQUIRED_HEADERS = ("Фамилия", "Имя", "Должность")


def _field(attribute: str, widget) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=HEADERS[attribute], widget=widget)


class FormulaSafeResource(resources.ModelResource):
    """A resource whose every exported cell goes through `escape_formula` — whatever writes it
    (the staff page, the admin's export in any format)."""

    def export_resource(self, instance, selected_fields=None, **kwargs):
        return escape_row(super().export_resource(instance, selected_fields, **kwargs))


class StaffResource(FormulaSafeResource):
    last_name = _field("last_name", NameWidget())
    first_name = _field("first_name", NameWidget())
    patronymic = _field("patronymic", NameWidget())
    position = _field("position", ChoiceLabelWidget(Position.choices, what="должность"))
    experience_total = _field("experience_total", YearsWidget())
    experience_here = _field("experience_here", YearsWidget())
    category = _field(
        "category",
        ChoiceLabelWidget(Category.choices, what="категория", default=Category.NONE),
    )
    education = _field("education", TextWidget())
    birth_date = _field("birth_date", RuDateWidget())
    hired_on = _field("hired_on", RuDateWidget())
    email = _field("email", TextWidget())
    phone = _field("phone", TextWidget())

    class Meta:
        model = StaffMember
        fields = tuple(HEADERS)
        export_order = tuple(HEADERS)
        import_id_fields = ("last_name", "first_name", "patronymic")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, organisation=None, **kwargs):
        super().__init__(**kwargs)
        self.organisation = organisation

    def get_queryset(self):
        qs = super().get_queryset()
        if self.organisation is not None:
            qs = qs.filter(organisation=self.organisation)
        return qs

    def init_instance(self, row=None):
        # The organisation comes from who imports, never from the file.
        return StaffMember(organisation=self.organisation)

    def get_export_queryset(self, request=None, **kwargs):
        return self.get_queryset()
