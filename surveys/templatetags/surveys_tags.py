from dataclasses import dataclass

from django import forms, template

from ..selectors import my_invitations, open_join_requests

register = template.Library()


@register.simple_tag
def invitations_of(staff):
    """A teacher's open invitations, for «Моя страница»."""
    return list(my_invitations(staff)) if staff else []


@register.simple_tag
def join_requests_of(programme):
    """The names left on the public join page and not yet dealt with, for the dashboard."""
    return open_join_requests(programme)


# Questions answered with several inputs: a <fieldset> whose <legend> is the question.
GROUP_KINDS = {"competencies", "ranking", "multiple", "yes_no", "scale"}


@dataclass(frozen=True)
class QuestionView:
    """How fill.html draws one question: as a named group or a labelled field, its errors and
    the ids that tie its help and errors to it (aria-describedby)."""

    is_group: bool
    errors: list[str]
    help: str
    help_id: str
    error_id: str
    described_by: str


@register.simple_tag
def question_view(form, question, fields) -> QuestionView:
    main = next((f for f in fields if f.name == f"q{question.pk}"), None)
    is_group = (
        question.kind in GROUP_KINDS
        or len(fields) != 1
        or isinstance(main.field.widget, forms.RadioSelect)
    )
    errors = list(form.question_errors.get(question.pk, []))
    if main is not None:
        errors += [str(e) for e in main.errors]
    if is_group:
        help_id, error_id = f"question-{question.pk}-help", f"question-{question.pk}-error"
    else:
        help_id, error_id = f"{main.auto_id}_helptext", f"{main.auto_id}_error"
    help_text = question.help_text or ""
    if question.kind == "scale" and (question.scale_min_label or question.scale_max_label):
        ends = f"{question.scale_min} — {question.scale_min_label}, "
        ends += f"{question.scale_max} — {question.scale_max_label}."
        help_text = f"{help_text} {ends}".strip()
    ids = [i for i, shown in ((help_id, help_text), (error_id, errors)) if shown]
    return QuestionView(is_group, errors, help_text, help_id, error_id, " ".join(ids))


@register.simple_tag
def section_has_required(form) -> bool:
    return any(question.required for question in form.questions)
