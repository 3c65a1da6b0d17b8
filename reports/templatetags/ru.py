"""Russian numbers in templates: `{{ staff.experience_total|years }}` → «1,5 года»,
`{{ n|plural:"ответ,ответа,ответов" }}` → «21 ответ». Loaded for every template (settings)."""

from django import template

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
