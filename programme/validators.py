"""One rule per field: the checks of what people type, in one place.

The model fields carry these validators, so that the pages' forms, the Django admin and the
staff import (which cleans every row with `full_clean`) refuse the same values with the same
Russian message; the services call the `check_*` helpers, which raise `DomainError`.
Nothing here imports a model, so models, forms and services may all import it.
"""

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from common.links import (  # noqa: F401 (the link rules, re-exported for models and forms)
    SAFE_SCHEMES,
    has_control_characters,
    is_safe_url,
    strip_control_characters,
)

from .exceptions import DomainError

# --- links ---------------------------------------------------------------------------------

UNSAFE_URL_MESSAGE = (
    "Ссылка должна начинаться с http:// или https:// (или быть адресом страницы этого сайта, "
    "например /programmes/1/)."
)


CONTROL_IN_URL_MESSAGE = (
    "В ссылке есть невидимые управляющие символы (перевод строки, табуляция, знаки направления "
    "текста): вставьте адрес заново одной строкой, начиная с http:// или https://."
)


def _url_error(value) -> str | None:
    if not value:
        return None
    if isinstance(value, str) and has_control_characters(value):
        return CONTROL_IN_URL_MESSAGE
    return None if is_safe_url(value) else UNSAFE_URL_MESSAGE


def validate_safe_url(value) -> None:
    if error := _url_error(value):
        raise ValidationError(error, code="unsafe_url")


def check_safe_url(value: str) -> str:
    """The address without surrounding spaces, or a DomainError (for the services). A control
    character anywhere, even a trailing line break, is refused, not silently stored."""
    value = value or ""
    if error := _url_error(value.strip(" ")):
        raise DomainError(error)
    return value.strip()


# --- dates ---------------------------------------------------------------------------------

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
# The forms (programme/forms/base.py SaneDates) find the rule's errors by this code and name
# the field in the message.
SANE_DATE_CODE = "date_out_of_range"
_SANE_YEARS = f"допустимы даты с {EARLIEST_YEAR} по {LATEST_YEAR} год"


def _year(value) -> int | None:
    return value.year if isinstance(value, dt.date) else None


def validate_sane_date(value) -> None:
    """Any date or date-time of the programme: between 1900 and 2100 (year 1 or 9999 is a typo).

    A date-time is judged by its own year, before any time-zone conversion: the conversion of
    01.01.0001 overflows."""
    if not is_sane_date(value):
        raise ValidationError(f"Проверьте год — {_SANE_YEARS}.", code=SANE_DATE_CODE)


def is_sane_date(value) -> bool:
    year = _year(value)
    return year is None or EARLIEST_YEAR <= year <= LATEST_YEAR


def sane_date_message(what: str) -> str:
    """The rule's message naming the date: «Дата уведомления: проверьте год — …»."""
    return f"{what}: проверьте год — {_SANE_YEARS}."


def check_sane_date(value, *, what: str) -> None:
    """The same rule for the services (not every caller is a form): a DomainError naming the
    date, raised before the date is used in any arithmetic or time-zone conversion."""
    if not is_sane_date(value):
        raise DomainError(sane_date_message(what))


def validate_birth_date(value) -> None:
    validate_sane_date(value)
    if value and value > timezone.localdate():
        raise ValidationError("Дата рождения не может быть в будущем.", code="birth_in_future")


def hiring_error(*, birth_date: dt.date | None, hired_on: dt.date | None) -> str | None:
    if birth_date and hired_on and hired_on <= birth_date:
        return "Дата приёма на работу должна быть позже даты рождения."
    return None


EVENT_YEARS_AROUND = 1


def event_date_error(starts_at, *, programme_year: int) -> str | None:
    """An event belongs to its programme's year, give or take a year."""
    year = _year(starts_at)
    if year is None:
        return None
    low, high = programme_year - EVENT_YEARS_AROUND, programme_year + EVENT_YEARS_AROUND
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return f"Проверьте год: событие программы {programme_year} года — с {low} по {high} год."
    local_year = timezone.localtime(starts_at).year if timezone.is_aware(starts_at) else year
    if not low <= local_year <= high:
        return f"Событие программы {programme_year} года должно быть с {low} по {high} год."
    return None


# --- numbers -------------------------------------------------------------------------------

MAX_EXPERIENCE_YEARS = 70


def validate_experience(value) -> None:
    """Years of experience: 0 to 70."""
    if value is None:
        return
    if Decimal(value) < 0:
        raise ValidationError("Стаж не может быть отрицательным.", code="negative_experience")
    if Decimal(value) > MAX_EXPERIENCE_YEARS:
        raise ValidationError(
            f"Стаж больше {MAX_EXPERIENCE_YEARS} лет — проверьте число.", code="experience_too_big"
        )


# --- long texts ----------------------------------------------------------------------------

MINUTES_MAX_LENGTH = 20_000
NOTE_MAX_LENGTH = 5_000


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", " ")  # «20 000», as Russian writes it


def text_limit(limit: int) -> MaxLengthValidator:
    """A long text's limit, for the model field (the form, the admin and the import)."""
    return MaxLengthValidator(
        limit,
        message=f"Текст длиннее {_thousands(limit)} знаков (сейчас %(show_value)s). Сократите его.",
    )


def check_text_length(value: str, *, limit: int, what: str) -> None:
    # PostgreSQL refuses NUL in text: refused here with words, as the forms refuse it.
    if "\x00" in (value or ""):
        raise DomainError(f"{what}: в тексте недопустимый символ (NUL). Вставьте текст заново.")
    if len(value or "") > limit:
        raise DomainError(f"{what} длиннее {_thousands(limit)} знаков. Сократите текст.")


# --- names ---------------------------------------------------------------------------------

# Zero-width characters, the soft hyphen, the BOM and the bidirectional controls (LRM, RLM,
# embeddings, overrides, isolates): invisible, yet they make two equal names differ and an RLO
# turns the rest of a list around.
_INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


# Text that normalise_name returns unchanged: printable ASCII and Cyrillic, single spaces inside.
_PLAIN = re.compile(r"[!-~\u0400-\u04ff«»№–—]+(?: [!-~\u0400-\u04ff«»№–—]+)*")


def normalise_name(value) -> str:
    """A person's name as it is stored and searched: NFC, no invisible or bidi control
    characters, no other control characters, runs of spaces (of any kind) made one space.

    «Иванова\u200b  Мария» and «Иванова Мария» become the same. Used by the staff service,
    the staff search, the import and the name fields' `to_python`."""
    if value is None:
        return ""
    if _PLAIN.fullmatch(str(value)):  # most names: nothing to do, no per-character work
        return str(value)
    text = unicodedata.normalize("NFC", str(value))
    text = _INVISIBLE.sub("", text)
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf")
    )
    return " ".join(text.split())


def name_key(*parts: str) -> str:
    """A comparison key of a full name: normalised, case folded, «ё» read as «е».

    Two people with the same key (and the same birth date) are probably one person."""
    text = " ".join(normalise_name(p) for p in parts if p)
    return " ".join(text.casefold().replace("ё", "е").split())
