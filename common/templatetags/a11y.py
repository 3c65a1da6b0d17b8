"""Errors a screen reader hears, on every page with a form: the page title starts with «Ошибка:»
and an error summary at the top of the page (role="alert", focused on load) links to each field
in error. base.html uses both; a page needs nothing of its own.

A form may describe its errors itself with `error_summary()` → [(message, element id or "")],
as the questionnaire's sections do (a question's error is about the whole question)."""

from django import forms, template
from django.forms.boundfield import BoundWidget
from django.forms.formsets import BaseFormSet

register = template.Library()

GROUP_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def forms_with_errors(context) -> list:
    """Bound forms and formsets of the page's context that hold errors, in context order."""
    found, seen = [], set()
    for value in context.flatten().values():
        if not isinstance(value, (forms.BaseForm, BaseFormSet)):
            continue
        if id(value) in seen or not value.is_bound:
            continue
        seen.add(id(value))
        if isinstance(value, BaseFormSet):
            has_errors = value.total_error_count() > 0
        else:
            has_errors = bool(value.errors)
        if has_errors:
            found.append(value)
    return found


def field_target(bound_field) -> str:
    """The id of the element a link to this field should reach: the field, or the first
    choice of a group of radio buttons or checkboxes."""
    if bound_field.is_hidden or not bound_field.auto_id:
        return ""
    if isinstance(bound_field.field.widget, GROUP_WIDGETS):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


def _form_entries(form) -> list[tuple[str, str]]:
    if hasattr(form, "error_summary"):
        return list(form.error_summary())
    entries = [(str(message), "") for message in form.non_field_errors()]
    for bound_field in form:
        for message in bound_field.errors:
            label = bound_field.label
            text = f"{label}: {message}" if label else str(message)
            entries.append((text, field_target(bound_field)))
    return entries


def summary_entries(context) -> list[tuple[str, str]]:
    entries = []
    for form in forms_with_errors(context):
        if isinstance(form, BaseFormSet):
            entries += [(str(message), "") for message in form.non_form_errors()]
            for member in form.forms:
                entries += _form_entries(member)
        else:
            entries += _form_entries(form)
    return entries


@register.simple_tag(takes_context=True)
def page_has_errors(context) -> bool:
    return bool(forms_with_errors(context))


@register.inclusion_tag("includes/error_summary.html", takes_context=True)
def error_summary(context):
    return {"entries": summary_entries(context)}


def _bootstrap_class(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    own = widget.attrs.get("class", "")
    return " ".join(c for c in (own, css, "is-invalid" if bound_field.errors else "") if c)


@register.simple_tag
def widget(bound_field, **attrs):
    """The field's input with Bootstrap's class and extra attributes: `aria_describedby="a b"`,
    `data_enter_button=…` (underscores become dashes); an empty value is left out, False
    removes the attribute (`autofocus=False`)."""
    extra = {
        name.replace("_", "-"): value
        for name, value in attrs.items()
        if value is not None and value != ""
    }
    extra.setdefault("class", _bootstrap_class(bound_field))
    return bound_field.as_widget(attrs=extra)


@register.simple_tag
def choice_inputs(bound_field) -> list[BoundWidget]:
    """The radio buttons or checkboxes of a field, each with Bootstrap's class (what
    `{% for choice in field %}` gives, plus the class)."""
    widget = bound_field.field.widget
    attrs = {**widget.attrs, "class": _bootstrap_class(bound_field)}
    if bound_field.auto_id and "id" not in attrs:
        attrs["id"] = bound_field.auto_id
    attrs = bound_field.build_widget_attrs(attrs)
    return [
        BoundWidget(widget, data, bound_field.form.renderer)
        for data in widget.subwidgets(bound_field.html_name, bound_field.value(), attrs=attrs)
    ]
