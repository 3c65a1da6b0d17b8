"""What the pages of every part share: the write half of a form page."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.forms import Form

from ..exceptions import DomainError


@dataclass
class Saved:
    """What a service returned for a form that was saved."""

    result: Any


def save_form(
    request,
    form: Form,
    save: Callable[[dict], Any],
    *,
    success: str | Callable[[Any], str],
    error_field: str | None = None,
) -> Saved | None:
    """On a POST with a valid form, `save(cleaned_data)` calls the service. A domain error is
    shown at the form (at `error_field`, or above it) and None comes back, so that the page is
    shown again with what the user typed; on success the message (a text, or a function of
    what was saved) is queued and `Saved` comes back for the caller to redirect."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except DomainError as error:
        form.add_error(error_field, error.message)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return Saved(result)
