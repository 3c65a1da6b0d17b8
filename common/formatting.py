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


# --- declension ----------------------------------------------------------------------------
# Russian documents put names and positions in the case the sentence needs: «назначить
# ответственным Королёву Ирину Николаевну», «воспитателю Григорьевой К.М.». Names are declined
# by pytrovich (the petrovich rules: double surnames, «оглы/кызы», indeclinable and foreign
# names stay as they are), positions and common nouns by pymorphy3. Gender comes from the
# patronymic, then from the first name; when it cannot be told, names stay in the nominative
# rather than guess.

MALE, FEMALE = "m", "f"
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_PATRONYMIC_ENDINGS = {
    MALE: ("вич", "ич", "оглы", "улы", "уулу"),
    FEMALE: ("вна", "чна", "кызы", "гызы", "қызы"),
}


def _split(full_name: str) -> tuple[str, str, str]:
    parts = (full_name or "").split()
    if not parts:
        return "", "", ""
    return parts[0], (parts[1] if len(parts) > 1 else ""), " ".join(parts[2:])


def gender_of(full_name: str = "", *, first_name: str = "", patronymic: str = "") -> str | None:
    """«m», «f» or None: from the patronymic («…вич», «…вна», «оглы», «кызы»), else the first
    name."""
    if full_name and not (first_name or patronymic):
        _, first_name, patronymic = _split(full_name)
    last_word = (patronymic or "").split()[-1].lower() if patronymic else ""
    for gender, endings in _PATRONYMIC_ENDINGS.items():
        if last_word.endswith(endings):
            return gender
    if first_name:
        from pytrovich.detector import PetrovichGenderDetector
        from pytrovich.enums import Gender

        try:
            detected = PetrovichGenderDetector().detect(firstname=first_name)
        except Exception:  # the detector's rules do not know every name
            return None
        return {Gender.MALE: MALE, Gender.FEMALE: FEMALE}.get(detected)
    return None


def by_gender(gender: str | None, male: str, female: str, unknown: str | None = None) -> str:
    """The word for the person: «ознакомлен» / «ознакомлена»; an unknown gender takes `unknown`
    (a wording that fits both, never a bracketed ending), or the masculine when none is
    given."""
    if gender == FEMALE:
        return female
    if gender == MALE:
        return male
    return unknown if unknown is not None else male


def gendered(full_name: str, male: str, female: str, unknown: str) -> str:
    """The sentence that fits the person: `unknown` when the name does not tell the gender
    (a wording that fits both, never a bracketed ending)."""
    return by_gender(gender_of(full_name), male, female, unknown)


def quoted_organisation(name: str) -> str:
    """«организации «Детский сад № 30»» after a noun in the genitive («работников …»): the
    name is not declined, so it follows «организации» and is quoted unless it has quotes."""
    name = " ".join((name or "").split())
    return f"организации {name}" if "«" in name or '"' in name else f"организации «{name}»"


def _petrovich():
    from pytrovich.maker import PetrovichDeclinationMaker

    global _MAKER
    if _MAKER is None:
        _MAKER = PetrovichDeclinationMaker()
    return _MAKER


_MAKER = None


def _pt_case(case: str):
    from pytrovich.enums import Case

    return {
        "gent": Case.GENITIVE,
        "datv": Case.DATIVE,
        "accs": Case.ACCUSATIVE,
        "ablt": Case.INSTRUMENTAL,
        "loct": Case.PREPOSITIONAL,
    }[case]


def _decline_part(part, gender: str, case: str, word: str) -> str:
    from pytrovich.enums import Gender

    if not word:
        return word
    words = word.split()
    # «Мамед оглы», «Рашид кызы»: the father's name and the particle stay as they are.
    if (
        len(words) > 1
        and words[-1].lower() in _PATRONYMIC_ENDINGS[MALE] + _PATRONYMIC_ENDINGS[FEMALE]
    ):
        return word
    try:
        return _petrovich().make(
            part, Gender.MALE if gender == MALE else Gender.FEMALE, _pt_case(case), word
        )
    except Exception:  # a name the rules cannot read stays in the nominative
        return word


def name_case(full_name: str, case: str = "nomn", *, gender: str | None = None) -> str:
    """«Королёва Ирина Николаевна» in `case` (pymorphy's names: gent, datv, accs, ablt, loct):
    accs → «Королёву Ирину Николаевну». Without a known gender the name stays as it is."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}")
    full_name = " ".join((full_name or "").split())
    if case == "nomn" or not full_name:
        return full_name
    last, first, patronymic = _split(full_name)
    gender = gender or gender_of(first_name=first, patronymic=patronymic)
    if gender is None:
        return full_name
    from pytrovich.enums import NamePart

    declined = [
        _decline_part(NamePart.LASTNAME, gender, case, last),
        _decline_part(NamePart.FIRSTNAME, gender, case, first),
        _decline_part(NamePart.MIDDLENAME, gender, case, patronymic),
    ]
    return " ".join(word for word in declined if word)


def short_name_case(full_name: str, case: str = "nomn", *, gender: str | None = None) -> str:
    """«Григорьева Ксения Михайловна», datv → «Григорьевой К.М.» (surname declined, initials)."""
    last, first, patronymic = _split(" ".join((full_name or "").split()))
    if not last:
        return ""
    gender = gender or gender_of(first_name=first, patronymic=patronymic)
    surname = last
    if case != "nomn" and gender is not None:
        from pytrovich.enums import NamePart

        surname = _decline_part(NamePart.LASTNAME, gender, case, last)
    initials = "".join(
        f"{name[0]}." for name in (first, patronymic.split()[0] if patronymic else "") if name
    )
    return f"{surname}\u00a0{initials}" if initials else surname


_MORPH = None


def _morph():
    global _MORPH
    if _MORPH is None:
        import pymorphy3

        _MORPH = pymorphy3.MorphAnalyzer()
    return _MORPH


_PREPOSITIONS = {"по", "в", "на", "с", "со", "для", "при", "к", "о", "об", "от", "из", "за", "у"}


def _inflect_word(word: str, case: str, *, pos: tuple[str, ...]) -> str:
    parses = [p for p in _morph().parse(word) if "nomn" in p.tag and p.tag.POS in pos]
    if not parses:
        return word
    inflected = parses[0].inflect({case})
    if inflected is None:
        return word
    result = inflected.word
    return result[:1].upper() + result[1:] if word[:1].isupper() else result


def _inflect_compound(word: str, case: str, *, pos: tuple[str, ...]) -> str:
    return "-".join(_inflect_word(part, case, pos=pos) for part in word.split("-"))


def position_case(position: str, case: str = "nomn") -> str:
    """A position in `case`, declined only up to its head noun: «музыкальный руководитель» →
    «музыкальному руководителю», «инструктор по физической культуре» → «инструктору по
    физической культуре», «педагог-психолог» → «педагогу-психологу», «заведующий» →
    «заведующему»; «педагог дополнительного образования» → «педагогу дополнительного
    образования»."""
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}")
    words = (position or "").split()
    if case == "nomn" or not words:
        return " ".join(words)
    out: list[str] = []
    for index, word in enumerate(words):
        if word.lower() in _PREPOSITIONS:
            out.extend(words[index:])
            break
        following = words[index + 1] if index + 1 < len(words) else ""
        adjective = any(
            p.tag.POS in ("ADJF", "PRTF") and "nomn" in p.tag for p in _morph().parse(word)
        )
        if adjective and following and following.lower() not in _PREPOSITIONS:
            out.append(_inflect_compound(word, case, pos=("ADJF", "PRTF")))
            continue
        # The head noun («руководитель», «педагог-психолог», or «заведующий» used as one);
        # its complements keep their case.
        head = _inflect_compound(word, case, pos=("NOUN",))
        if head == word:
            head = _inflect_compound(word, case, pos=("ADJF", "PRTF"))
        out.append(head)
        out.extend(words[index + 1 :])
        break
    return " ".join(out)


def first_noun_case(text: str, case: str) -> str | None:
    """A title whose first word is a noun, with that noun in `case` and the rest as written:
    «Положение о наставничестве…» → «Положением о наставничестве…» (ablt), «Программа
    наставничества…» → «Программы наставничества…» (gent). None when the first word is not a
    noun (the caller quotes the title instead)."""
    first, space, rest = " ".join((text or "").split()).partition(" ")
    if not first or case not in CASES:
        return None
    declined = _inflect_word(first, case, pos=("NOUN",))
    if declined == first and case != "nomn":
        return None
    return f"{declined}{space}{rest}"
