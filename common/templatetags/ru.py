"""Russian in templates, loaded for every template (settings).

Numbers: `{{ staff.experience_total|years }}` → «1,5 года», `{{ n|plural:"ответ,ответа,ответов" }}`
→ «21 ответ». Declension (reports.formatting): `{{ staff|name_case:"accs" }}` → «Королёву Ирину
Николаевну», `{{ staff|short_case:"datv" }}` → «Григорьевой К.М.»,
`{{ "воспитатель"|position_case:"datv" }}` → «воспитателю»,
`{{ staff|gendered:"ознакомлен,ознакомлена" }}` → «ознакомлена». A filter takes a
staff member (or anything with `full_name`) or the full name as text."""

from django import template

from .. import formatting
from ..formatting import count_ru, years_ru

register = template.Library()


@register.filter
def years(value) -> str:
    return years_ru(value)


@register.filter
def plural(value, forms: str) -> str:
    """The number with its word: the three forms (one, few, many) separated by commas."""
    if value is None or value == "":
        return ""
    one, few, many = (form.strip() for form in forms.split(","))
    return count_ru(value, one, few, many)


def _full_name(person) -> str:
    if person is None:
        return ""
    return str(getattr(person, "full_name", person) or "")


@register.filter
def name_case(person, case: str) -> str:
    return formatting.name_case(_full_name(person), case)


@register.filter
def short_case(person, case: str) -> str:
    return formatting.short_name_case(_full_name(person), case)


@register.filter
def position_case(position, case: str) -> str:
    return formatting.position_case(str(position or ""), case)


@register.filter
def of_organisation(name) -> str:
    """`работников {{ organisation.short_name|of_organisation }}` → «работников организации
    «Детский сад № 30»»."""
    return formatting.quoted_organisation(str(name or ""))


@register.filter
def gendered(person, forms: str) -> str:
    """«ознакомлен,ознакомлена[,третья форма — для неизвестного пола, без скобок]»."""
    words = [form.strip() for form in forms.split(",")]
    male, female = words[0], words[1]
    unknown = words[2] if len(words) > 2 else None
    return formatting.by_gender(formatting.gender_of(_full_name(person)), male, female, unknown)
