"""How Russian office documents write names and dates, and the blanks left to fill by hand."""

import datetime as dt
from decimal import Decimal

BLANK_NUMBER = "____"
BLANK_DATE = "«___»\u00a0________\u00a020__\u00a0г."  # kept on one line
BLANK_SIGNATURE_NAME = "________________"


def initials_surname(full_name: str) -> str:
    """«Синицына Светлана Викторовна» → «С.В.Синицына», as the head signs under «УТВЕРЖДАЮ»."""
    parts = full_name.split()
    if not parts:
        return ""
    surname, names = parts[0], parts[1:3]
    return "".join(f"{name[0]}." for name in names) + surname


def date_ru(value: dt.date | None) -> str:
    """«30.08.2024», or an empty string when there is no date."""
    return value.strftime("%d.%m.%Y") if value else ""


def date_or_blank(value: dt.date | None, *, suffix: str = "") -> str:
    """«30.08.2024» (plus an optional « г.»), or the blank «___» ________ 20__ г. to fill in."""
    return f"{date_ru(value)}{suffix}" if value else BLANK_DATE


def period_ru(starts_on: dt.date | None, due_on: dt.date | None) -> str:
    """«с 05.02.2024 по 14.02.2024», «до 14.02.2024», «с 05.02.2024» or empty."""
    if starts_on and due_on:
        return f"с {date_ru(starts_on)} по {date_ru(due_on)}"
    if due_on:
        return f"до {date_ru(due_on)}"
    if starts_on:
        return f"с {date_ru(starts_on)}"
    return ""


def plural_ru(number: int | float | Decimal, one: str, few: str, many: str) -> str:
    """The word form that goes with a number: 1 год, 2 года, 5 лет, 21 год, 1,5 года.

    A fractional number takes the «few» form (genitive singular: «1,5 года», «0,5 ставки»).
    """
    value = Decimal(str(number))
    if value != value.to_integral_value():
        return few
    n = abs(int(value))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def number_ru(number: int | float | Decimal) -> str:
    """«12», «1,5»: no trailing «,0», a comma for the decimal point."""
    value = Decimal(str(number))
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")


def count_ru(number: int | float | Decimal, one: str, few: str, many: str) -> str:
    """«1 год», «2 года», «5 лет», «1,5 года», «3 наставляемых»."""
    return f"{number_ru(number)}\u00a0{plural_ru(number, one, few, many)}"


def years_ru(number: int | float | Decimal | None) -> str:
    """Experience or age: «1 год», «2 года», «5 лет», «1,5 года»; empty when unknown."""
    if number is None or number == "":
        return ""
    return count_ru(number, "год", "года", "лет")
