"""Stored addresses in templates: `<a href="{{ activity.evidence_url|safe_url }}">`.

Loaded for every template (settings). Whatever reached the database — through a page, the
admin, an import or before the validators existed — only an http(s) address or a path of this
site comes out; anything else (`javascript:`, `data:`, `vbscript:`…) becomes an empty string,
so `{% if value|safe_url %}` shows a link only when there is a safe one."""

from django import template

from ..links import is_safe_url

register = template.Library()


@register.filter
def safe_url(value) -> str:
    return value.strip() if is_safe_url(value) else ""
