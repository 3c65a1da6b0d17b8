"""Reading the staff lists kindergartens really have: 1С reports and hand-made tables.

No fixed form: a title block above the header, one «ФИО» column or three, «12 лет 3 мес.»,
«Воспитатель (0,5 ст.)», the cook and the caretaker in the same list, «Итого» at the bottom,
`;`-separated CSV in Windows-1251, old `.xls`, LibreOffice `.ods`. This module turns such a file
into columns (what each one means) and rows (plain values), and reads the values people write.
It knows nothing of the database: the staff service decides what the rows do.

Rows are streamed, never all held at once: a municipal list of 50,000 rows is read in the
memory of a few rows (plus what the reader library keeps).
"""

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import chain, islice

from .. import file_limits as limits
from ..exceptions import DomainError
from ..models.org import Category, Position
from ..resources import unescape_formula
from ..validators import name_key, normalise_name

# The limits of reading a file are in `file_limits`, with those of every other upload.
MAX_IMPORT_BYTES = limits.MAX_IMPORT_BYTES
MAX_DATA_ROWS = limits.MAX_DATA_ROWS
MAX_COLUMNS = limits.MAX_COLUMNS
HEADER_SEARCH_ROWS = 20  # the header is looked for in the first rows of a sheet
BLANK_RUN_ENDS_TABLE = 1_000  # a sheet formatted down to row 1,048,576 ends long before
EXTENSIONS = ("xlsx", "xls", "ods", "csv")
FORMAT_LABELS = {"xlsx": "Excel (xlsx)", "xls": "Excel 97–2003 (xls)", "ods": "LibreOffice (ods)"}

# --- what a column can mean -----------------------------------------------------------------

FIO = "fio"
TARGETS = {
    FIO: "ФИО (одной ячейкой)",
    "last_name": "Фамилия",
    "first_name": "Имя (или имя и отчество)",
    "patronymic": "Отчество",
    "position": "Должность",
    "experience_total": "Педагогический стаж",
    "experience_total_months": "Педагогический стаж — месяцы",
    "experience_here": "Стаж в организации",
    "experience_here_months": "Стаж в организации — месяцы",
    "category": "Квалификационная категория",
    "education": "Образование",
    "birth_date": "Дата рождения",
    "hired_on": "Дата приёма",
    "email": "Эл. почта",
    "phone": "Телефон",
}
SKIP_COLUMN = ""  # «не загружать»
TARGET_CHOICES = [(SKIP_COLUMN, "не загружать"), *TARGETS.items()]
NAME_TARGETS = (FIO, "last_name", "first_name", "patronymic")


def _fold(text) -> str:
    """Lower case, «ё» as «е», invisible characters gone, single spaces."""
    return normalise_name(str(text)).casefold().replace("ё", "е")


def header_key(text) -> str:
    """A header as it is compared and remembered: letters and digits only («Ф.И.О.» → «фио»)."""
    return re.sub(r"[\W_]+", "", _fold(text if text is not None else ""))


# Exact headers (as `header_key` writes them) first, then rules by the words they contain.
_EXACT_HEADERS = {
    "фио": FIO,
    "фиосотрудника": FIO,
    "фиоработника": FIO,
    "фиопедагога": FIO,
    "фамилияимяотчество": FIO,
    "фамилияио": FIO,
    "фамилияинициалы": FIO,
    "сотрудник": FIO,
    "работник": FIO,
    "педагог": FIO,
    "педагогическийработник": FIO,
    "физическоелицо": FIO,
    "фамилия": "last_name",
    "имя": "first_name",
    "имяотчество": "first_name",
    "отчество": "patronymic",
    "должность": "position",
    "email": "email",
    "емейл": "email",
    "емайл": "email",
    "тел": "phone",
    "моб": "phone",
    "мобтел": "phone",
    "сотовый": "phone",
    "мобильный": "phone",
}
# Columns people have that the programme does not keep: recognised, «не загружать».
_NOT_KEPT = (
    (("пп", "нпп", "номерпп", "n", "no", "номер"), "номер строки"),
    (("табельный", "табномер", "таб"), "табельный номер в программе не нужен"),
    (("подразделение", "отдел", "структурноеподразделение", "группа"), "не хранится"),
    (("снилс", "инн", "паспорт", "пол", "адрес", "ставка", "ставки", "оклад"), "не хранится"),
    (("видзанятости", "график", "гражданство", "возраст", "примечание"), "не хранится"),
)
_HERE_MARKERS = re.compile(
    "ворганизации|вучреждении|вдоу|вмдоу|вбдоу|вмадоу|вгбдоу|вданн|вэтом|внашем"
    "|вдетскомсаду|вдс|вдоо|вмбдоу"
)


def header_target(text, remembered: dict | None = None) -> tuple[str | None, str]:
    """What a column header means: (target, note). None — not recognised; «» — recognised
    but not loaded (the note says why)."""
    key = header_key(text)
    if not key:
        if text is not None and str(text).strip() in ("№", "#", "№№"):
            return SKIP_COLUMN, "номер строки"
        return None, ""
    if remembered and key in remembered and remembered[key] in (SKIP_COLUMN, *TARGETS):
        return remembered[key], "как при прошлой загрузке"
    if key in _EXACT_HEADERS:
        return _EXACT_HEADERS[key], ""
    if key.startswith(("фио", "фамилияимяотчество")):
        return FIO, ""
    months = "мес" in key
    if "стаж" in key:
        if "пед" in key:
            return ("experience_total_months" if months else "experience_total"), ""
        if _HERE_MARKERS.search(key):
            return ("experience_here_months" if months else "experience_here"), ""
        if any(word in key for word in ("общ", "трудов", "страхов")):
            return SKIP_COLUMN, "общий стаж в программе не хранится, нужен педагогический"
        if key in ("стаж", "стажлет", "стажработы", "стажполныхлет"):
            return "experience_total", ""
        return None, ""
    if "рожд" in key and ("дата" in key or "число" in key):
        return "birth_date", ""
    if "дата" in key or key.startswith("принят"):
        if any(word in key for word in ("прием", "поступлен", "принят", "трудоустр")):
            return "hired_on", ""
        return None, ""
    if "категор" in key or key.startswith("аттестац"):
        return "category", ""
    if "должност" in key or "професси" in key:
        return "position", ""
    if "образован" in key or key.startswith("чтоокончил"):
        return "education", ""
    if "mail" in key or "почт" in key:
        return "email", ""
    if key.startswith(("телефон", "тел", "моб", "контактныйтел", "номертел", "сотов")):
        return "phone", ""
    for keys, note in _NOT_KEPT:
        if key in keys or (len(key) > 5 and key.startswith(keys)):
            return SKIP_COLUMN, note
    return None, ""


# --- cells ----------------------------------------------------------------------------------


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """A cell as text: integers without «.0», dates as дд.мм.гггг, formulas unescaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return normalise_name(unescape_formula(str(value)))


_EMPTY_WORDS = {"", "-", "—", "–", "нет", "не имеет", "отсутствует", "н/д", "нд"}


def cell_or_empty(value) -> str:
    """Text of a cell where «-», «нет» and friends mean an empty cell."""
    text = cell_text(value)
    return "" if text.casefold().strip(" .") in _EMPTY_WORDS else text


# --- names ----------------------------------------------------------------------------------

_PATRONYMIC_WORDS = {"оглы", "кызы", "улы", "уулу", "угли", "кизи", "гызы"}
_PATRONYMIC_ENDINGS = ("вич", "вна", "ична", "инична", "ич")
_INITIALS = re.compile(r"^([A-ZА-ЯЁ])\.?([A-ZА-ЯЁ])?\.?$")
_NOT_A_PERSON = re.compile(
    r"\d|«|\"|группа|персонал|администрац|отделени|подразделени|филиал|корпус|служба|итого|всего",
    re.IGNORECASE,
)


@dataclass
class Name:
    last_name: str
    first_name: str
    patronymic: str = ""
    initials_only: bool = False
    unsure: bool = False  # more words than a name has: split, but worth a look

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


def _fix_caps(word: str) -> str:
    """«ИВАНОВА-ПЕТРОВА» → «Иванова-Петрова»; a word written in mixed case stays as written."""
    if len(word) > 1 and word.isupper():
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


def _clean_name_text(value) -> str:
    text = cell_text(value)
    text = re.sub(r"\([^)]*\)", " ", text)  # «(осн.)», «(совм.)» after a name in 1С lists
    text = re.sub(r"\s*-\s*", "-", text)  # «Петрова - Водкина»
    return " ".join(text.replace(",", " ").split()).strip(" .;")


def looks_like_person(value) -> bool:
    """A name, not a group title («Группа № 3», «Педагогический персонал»)."""
    text = _clean_name_text(value)
    if not text or _NOT_A_PERSON.search(text):
        return False
    words = text.split()
    return len(words) >= 2 and all(
        w[0].isupper() for w in words if w.casefold() not in _PATRONYMIC_WORDS
    )


def split_fio(value) -> Name:
    """«Иванова Мария Петровна» → surname, name, patronymic. Double surnames, «оглы»/«кызы»,
    «ё» as written; «Иванова М.П.» is kept with its initials and flagged for completion."""
    text = _clean_name_text(value)
    tokens = []
    shouting = text.isupper()
    for place, token in enumerate(text.split()):
        match = _INITIALS.match(token)
        # «М.П.», «М. П.», and after the surname «М П» or «МП» (unless the whole name shouts)
        if match and (token.endswith(".") or (place and not shouting)):
            tokens.extend(f"{letter}." for letter in match.groups() if letter)
        else:
            tokens.append(token)
    initials = [t for t in tokens if _INITIALS.match(t) and t.endswith(".")]
    if initials:
        surname = " ".join(_fix_caps(t) for t in tokens if t not in initials)
        if not surname:
            raise ValueError(f"В «{text}» нет фамилии.")
        return Name(surname, initials[0], " ".join(initials[1:2]), initials_only=True)
    words = [_fix_caps(t) for t in tokens]
    if len(words) < 2:
        raise ValueError(
            f"В ФИО «{text}» одно слово: нужны хотя бы фамилия и имя." if words else "Нет ФИО."
        )
    if len(words) >= 4 and words[-1].casefold() in _PATRONYMIC_WORDS:
        words[-1] = words[-1].casefold()
        return Name(" ".join(words[:-3]), words[-3], f"{words[-2]} {words[-1]}")
    if len(words) == 2:
        return Name(words[0], words[1])
    if len(words) == 3:
        return Name(*words)
    if words[-1].casefold().endswith(_PATRONYMIC_ENDINGS):
        return Name(" ".join(words[:-2]), words[-2], words[-1])
    return Name(words[0], words[1], " ".join(words[2:]), unsure=True)


def name_parts(last, first, patronymic, *, patronymic_mapped: bool) -> Name:
    """Names from separate columns; «Мария Петровна» in the name column is split when the
    file has no patronymic column."""
    last_name = " ".join(_fix_caps(w) for w in _clean_name_text(last).split())
    words = [_fix_caps(w) for w in _clean_name_text(first).split()]
    first_name = words[0] if words else ""
    rest = " ".join(words[1:])
    patronymic_text = " ".join(_fix_caps(w) for w in _clean_name_text(patronymic).split())
    if rest and not patronymic_mapped:
        patronymic_text = rest
    elif rest:
        first_name = " ".join(words)
    if not last_name:
        raise ValueError("Не указана фамилия.")
    if not first_name:
        raise ValueError("Не указано имя.")
    initials = bool(_INITIALS.match(first_name)) and first_name.endswith(".")
    return Name(last_name, first_name, patronymic_text, initials_only=initials)


def person_key(name: Name) -> str:
    return name_key(name.last_name, name.first_name, name.patronymic)


def initials_key(last_name: str, first_name: str, patronymic: str) -> str:
    """«иванова м п»: how a person written with initials is found among full names."""
    letters = " ".join(_fold(p)[:1] for p in (first_name, patronymic) if p)
    return f"{name_key(last_name)} {letters}".strip()


# --- numbers and dates ----------------------------------------------------------------------

_UNITS = (
    (re.compile(r"^(г|гг|год|года|годов|лет|л)$"), Decimal(1)),
    (re.compile(r"^(м|мес|месяц|месяца|месяцев|мес-ц|мц)$"), Decimal(1) / Decimal(12)),
    (re.compile(r"^(д|дн|дней|день|дня)$"), Decimal(1) / Decimal(365)),
)
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*([а-я-]*)\.?")
TENTH = Decimal("0.1")


def parse_experience(value) -> Decimal | None:
    """Years of experience from «12 лет 3 мес.», «12 л. 3 м.», «1 год», «3 г. 6 мес.», «12,5»,
    «12.5» or a number; None for an empty cell. Rounded to a tenth of a year, as stored."""
    if is_blank(value):
        return None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(TENTH, ROUND_HALF_UP)
    text = _fold(cell_text(value)).strip(" .")
    if text in _EMPTY_WORDS:
        return None
    plain = text.replace(",", ".")
    if re.fullmatch(r"\d+(\.\d+)?", plain):
        return Decimal(plain).quantize(TENTH, ROUND_HALF_UP)
    total, position, found = Decimal(0), 0, False
    for match in _AMOUNT.finditer(text):
        if text[position : match.start()].strip(" ,.;"):
            break
        unit = match.group(2).strip("-")
        factor = next((f for pattern, f in _UNITS if pattern.match(unit)), None)
        if factor is None:
            break
        total += Decimal(match.group(1).replace(",", ".")) * factor
        position, found = match.end(), True
    else:
        if found and not text[position:].strip(" ,.;"):
            return total.quantize(TENTH, ROUND_HALF_UP)
    raise ValueError(f"Стаж «{cell_text(value)}» не понят: пишите «12 лет 3 мес.» или число лет.")


def parse_months(value) -> Decimal | None:
    """A column of months only («3», «3 мес.»): years, to be added to the years column."""
    if is_blank(value):
        return None
    text = _fold(cell_text(value)).strip(" .")
    match = re.fullmatch(r"(\d+)\s*(м|мес|месяц|месяца|месяцев)?", text)
    if not match:
        raise ValueError(f"Месяцы стажа «{cell_text(value)}» — не число.")
    return Decimal(match.group(1)) / Decimal(12)


EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_TEXT = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})(?:\s*г\.?)?(?:\s+[\d:]+)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]+)?$")


def parse_date(value, *, today: dt.date | None = None) -> dt.date | None:
    """Excel dates, дд.мм.гггг, дд.мм.гг (and гггг-мм-дд, as 1С and CSV write it)."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 < value < 80_000:
        return EXCEL_EPOCH + dt.timedelta(days=int(value))  # a date cell formatted as a number
    text = cell_text(value).strip()
    if text.casefold() in _EMPTY_WORDS:
        return None
    try:
        if match := _DATE_TEXT.match(text):
            day, month, year = (int(g) for g in match.groups())
            if len(match.group(3)) == 2:
                this_year = (today or dt.date.today()).year
                year += 2000 if 2000 + year <= this_year else 1900
            return dt.date(year, month, day)
        if match := _ISO_DATE.match(text):
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        pass
    raise ValueError(f"Дата «{text}» не понята: пишите дд.мм.гггг.")


# --- positions and categories ---------------------------------------------------------------

TEACHING, NOT_TEACHING, UNKNOWN = "teaching", "not_teaching", "unknown"
NOT_TEACHING_ANSWER = "-"

_RATE = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:ст\b\.?|ставк\w*)|\b(?:внутр\w*|внешн\w*)?\.?\s*совм\w*\.?"
    r"|по\s+совместительству|\bосн(?:овное)?\.?(?:\s+место\s+работы)?$",
    re.IGNORECASE,
)
# Words (as `position_key` writes them) of posts that are not teaching ones.
_NOT_TEACHING = re.compile(
    "повар|кух|сторож|вахтер|охран|медсестр|медицинск|врач|фельдшер|диетсестр|делопроизвод"
    "|завхоз|кастелян|машинист|стирк|прач|рабоч|дворник|уборщ|мойщ|кладовщ|бухгалтер"
    "|экономист|кадр|секретар|водител|электр|слесар|сантехник|плотник|садовник|дезинф|швея"
    "|грузчик|контрактн|закупк|программист|лаборант|администратор|юрисконсульт|подсобн"
    "|оператор|техник|инженер|гардероб|кочегар|истопник|буфетчи"
)


@dataclass
class PositionReading:
    kind: str  # TEACHING, NOT_TEACHING or UNKNOWN
    code: str = ""  # a Position value for a teaching post
    key: str = ""  # the post as compared and remembered («педагог-организатор»)
    written: str = ""  # as the file writes it


def position_key(value) -> str:
    """«Воспитатель (0,5 ст.)» → «воспитатель»; «Учитель - логопед» → «учитель-логопед»."""
    text = re.sub(r"\([^)]*\)", " ", cell_text(value))
    text = _RATE.sub(" ", text)
    text = _fold(text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"[^\w\s-]+", " ", text)
    return " ".join(text.split()).strip("- ")


def _teaching_code(k: str) -> str | None:
    words = k.replace("-", " ")
    squashed = words.replace(" ", "")
    if ("младш" in k or "помощник" in k) and "воспит" in k:
        return NOT_TEACHING
    if "заведующ" in k and re.search(r"хозяйств|склад|производств|прачечн|пищеблок|столов", k):
        return NOT_TEACHING
    if ("заместитель" in k or squashed.startswith("зам")) and re.search(
        r"ахч|ахр|ахд|ахс|хозяйств|безопасн|комплексн", k
    ):
        return NOT_TEACHING
    if ("заместитель" in k or squashed.startswith("замзав")) and "зав" in k:
        return Position.DEPUTY
    if "воспит" in k:
        return Position.SENIOR_EDUCATOR if re.search(r"\bст(арш\w*)?\b", words) else "vospitatel"
    if re.search(r"\bмуз", words) and "рук" in words:
        return Position.MUSIC
    if "инструктор" in k and re.search(r"физ|\bфк\b|физо|плаван|спорт", words):
        return Position.PE
    if "логопед" in k:
        return Position.SPEECH
    if re.search(r"дефектолог|олигофрен|сурдопед|тифлопед", k):
        return Position.DEFECTOLOGIST
    if "психолог" in k:
        return Position.PSYCHOLOGIST
    if (re.search(r"\bдоп", words) and "образ" in k) or re.search(r"\bпдо\b", words):
        return Position.EXTRA
    if "социальн" in k and "педагог" in k:
        return Position.SOCIAL
    if "методист" in k:
        return Position.METHODIST
    if "тьютор" in k:
        return Position.TUTOR
    if "заведующ" in k:
        return Position.HEAD
    if _NOT_TEACHING.search(k):
        return NOT_TEACHING
    return None


def parse_position(value) -> PositionReading:
    """A post as people write it: by synonyms, with rates and notes in brackets."""
    written = cell_text(value)
    key = position_key(value)
    if not key:
        raise ValueError("Не указана должность.")
    code = _labels(Position).get(key)
    return _reading(code or _teaching_code(key), key, written)


_LABELS: dict = {}


def _labels(choices) -> dict[str, str]:
    """A choice's folded Russian label (and its code) → the code; built once."""
    if choices not in _LABELS:
        table = {}
        for code, label in choices.choices:
            table[_fold(label)] = table[re.sub(r"[\W_]+", "", _fold(label))] = code
            table[code] = code
        _LABELS[choices] = table
    return _LABELS[choices]


def _reading(code, key, written) -> PositionReading:
    if code is None:
        return PositionReading(UNKNOWN, key=key, written=written)
    if code == NOT_TEACHING or code == Position.ASSISTANT:
        # «помощник воспитателя» is in the old choices, but not a teaching post.
        return PositionReading(NOT_TEACHING, key=key, written=written)
    return PositionReading(TEACHING, code=str(code), key=key, written=written)


def parse_category(value) -> str | None:
    """«высшая», «первая», «СЗД» / «соответствие занимаемой должности», «без категории»,
    «педагог-методист», «педагог-наставник» (and «1 кв. категория», «ВКК»…); None when empty."""
    text = _fold(cell_text(value)).strip(" .")
    if text in ("нет", "не имеет", "отсутствует"):
        return Category.NONE
    if text in _EMPTY_WORDS:
        return None
    squashed = re.sub(r"[\W_]+", "", text)
    if code := _labels(Category).get(squashed):
        return code
    rules = (
        (r"методист", Category.METHODIST),
        (r"наставник", Category.MENTOR),
        (r"^(без|нет|бк\b|б/к|не ?имеет|не ?аттест|молод)", Category.NONE),
        (r"сзд|соответств|^соотв", Category.CONFORMITY),
        (r"высш|^вкк|^в\b", Category.HIGHEST),
        (r"перв|^1\b|^1\s*кк|^1кк|^i\b|^1-?я", Category.FIRST),
    )
    for pattern, code in rules:
        if re.search(pattern, text):
            return code
    raise ValueError(f"Категория «{cell_text(value)}» не понята.")


# --- readers --------------------------------------------------------------------------------

Row = tuple[int, list]  # the spreadsheet's row number (from 1) and its cells


class Book:
    """A spreadsheet: its sheets' names and, for one sheet, its non-empty rows in order."""

    format = ""
    sheet_names: list[str]

    def rows(self, index: int) -> Iterator[Row]:
        raise NotImplementedError


def _trimmed(cells: list) -> list:
    cells = list(cells[:MAX_COLUMNS])
    while cells and is_blank(cells[-1]):
        cells.pop()
    return cells


class XlsxBook(Book):
    """Excel's own format through openpyxl, held to the limits: the archive's sizes checked,
    no DOCTYPE in any part, every part read through `GuardedZip` (counted bytes, the clock),
    the declared dimension not trusted (the columns read are capped, the rows are the sheet's)."""

    format = "xlsx"

    def __init__(self, content: bytes, archive: limits.GuardedZip, budget: limits.Budget):
        from openpyxl.reader.excel import ExcelReader

        limits.check_xml_prologs(archive, budget=budget)
        self.budget = budget
        reader = ExcelReader(io.BytesIO(content), read_only=True, data_only=True)
        reader.archive.close()
        reader.archive, reader.valid_files = archive, archive.namelist()
        reader.read()
        self.workbook = reader.wb
        self.sheets = list(self.workbook.worksheets)
        self.sheet_names = [sheet.title for sheet in self.sheets]

    def rows(self, index):
        sheet = self.sheets[index]
        for number, values in enumerate(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
        ):
            if number > limits.MAX_ROWS:
                return
            self.budget.visit(len(values) + 1)
            self.budget.check_time()
            yield number, _trimmed(values)


class XlsBook(Book):
    format = "xls"

    def __init__(self, content: bytes, budget: limits.Budget):
        import xlrd

        self.xlrd = xlrd
        self.budget = budget
        self.workbook = xlrd.open_workbook(
            file_contents=content, on_demand=True, logfile=io.StringIO()
        )
        self.sheet_names = self.workbook.sheet_names()

    def _value(self, cell):
        xlrd = self.xlrd
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate_as_datetime(cell.value, self.workbook.datemode)
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                return cell.value
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return None
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        return cell.value

    def rows(self, index):
        # The format itself bounds a sheet (65,536 × 256) and the upload limit its cells.
        sheet = self.workbook.sheet_by_index(index)
        for r in range(sheet.nrows):
            cells = sheet.row_slice(r, 0, MAX_COLUMNS)
            self.budget.visit(len(cells) + 1)
            self.budget.check_time()
            yield r + 1, _trimmed([self._value(c) for c in cells])


_ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
# Names as `file_limits.XmlParser` gives them: «namespace}local».
_T = _ODS["table"] + "}"
_O = _ODS["office"] + "}"
_X = _ODS["text"] + "}"
_TABLE, _ROW = _T + "table", _T + "table-row"
_CELL, _COVERED = _T + "table-cell", _T + "covered-table-cell"
_PARAGRAPHS = (_X + "p", _X + "h")


def _repeat(value: str | None) -> int:
    """A repeat count as written («1048576»); past any sheet's size it is cut, not multiplied."""
    if value is None:
        return 1
    if not (value.isascii() and value.isdigit()):
        raise limits.FileTooLarge(f"число повторов «{value[:20]}» — не число")
    return max(1, int(value[:12]))


class OdsBook(Book):
    """OpenDocument spreadsheets, streamed by `file_limits.parse_xml` (expat, no DOCTYPE).
    LibreOffice writes trailing empty rows and columns as one element repeated a million
    times: repeats are arithmetic, never expanded past the limits; a filled row repeated more
    than MAX_ROW_REPEAT times, a filled cell repeated past the last column and a cell of more
    than MAX_CELL_CHARS characters are refused."""

    format = "ods"

    def __init__(self, archive: limits.GuardedZip, budget: limits.Budget):
        self.zip = archive
        self.budget = budget
        if "content.xml" not in self.zip.namelist():
            raise ValueError("no content.xml")
        self.sheet_names = self._names()

    def _names(self) -> list[str]:
        names = []

        def start(name, attributes):
            if name == _TABLE:
                names.append(attributes.get(_T + "name", ""))

        with self.zip.open("content.xml") as stream:
            for _ in limits.parse_xml(stream, budget=self.budget, start=start):
                pass
        return names

    def rows(self, index):
        sheet = _OdsSheet(index, self.budget)
        parser = limits.XmlParser(
            budget=self.budget, start=sheet.start, end=sheet.end, text=sheet.text
        )
        with self.zip.open("content.xml") as stream:
            while True:
                chunk = stream.read(limits.XML_CHUNK)
                parser.feed(chunk, final=not chunk)
                ready, sheet.ready = sheet.ready, []
                yield from ready
                if sheet.done or not chunk:
                    return


class _OdsSheet:
    """The handlers of one sheet's parse: rows gathered in `ready` as the XML streams by."""

    def __init__(self, index: int, budget: limits.Budget):
        self.index, self.budget = index, budget
        self.tables, self.inside, self.done = -1, False, False
        self.number = 0  # rows passed, with their repeats
        self.ready: list[Row] = []
        self.depth = 0
        self.row: list | None = None
        self.row_repeat = 1
        self.columns = 0  # cells of the open row, with their repeats
        self.cell: tuple | None = None  # (name, attributes, repeat, depth) of the open cell
        self.paragraphs: list[str] = []
        self.parts: list[str] | None = None  # the open paragraph's text
        self.length = 0  # characters of the open cell

    def start(self, name, attributes):
        self.depth += 1
        if self.done:
            return
        if name == _TABLE:
            self.tables += 1
            self.inside = self.tables == self.index
        elif not self.inside:
            return
        elif name == _ROW:
            self.row, self.columns = [], 0
            self.row_repeat = _repeat(attributes.get(_T + "number-rows-repeated"))
        elif name in (_CELL, _COVERED) and self.row is not None and self.cell is None:
            repeat = _repeat(attributes.get(_T + "number-columns-repeated"))
            self.cell = (name, attributes, repeat, self.depth)
            self.paragraphs, self.parts, self.length = [], None, 0
        elif self.cell is not None:
            if name in _PARAGRAPHS and self.depth == self.cell[3] + 1:
                self.parts = []
            elif self.parts is not None:
                if name == _X + "s":
                    self.add(" ", _repeat(attributes.get(_X + "c")))
                elif name == _X + "tab":
                    self.add("\t")
                elif name == _X + "line-break":
                    self.add("\n")

    def add(self, text: str, times: int = 1) -> None:
        self.length += len(text) * times
        if self.length > limits.MAX_CELL_CHARS:
            raise limits.FileTooLarge(
                f"в ячейке строки {self.number + 1} больше "
                f"{limits.MAX_CELL_CHARS:,} знаков".replace(",", " ")
            )
        self.parts.append(text * times)

    def text(self, data: str) -> None:
        if self.parts is not None and not self.done:
            self.add(data)

    def end(self, name):
        depth, self.depth = self.depth, self.depth - 1
        if self.done or not self.inside:
            return
        if name == _TABLE:
            self.done = True
        elif self.cell is not None and name in _PARAGRAPHS and depth == self.cell[3] + 1:
            if self.parts is not None:
                self.paragraphs.append("".join(self.parts))
            self.parts = None
        elif self.cell is not None and depth == self.cell[3]:
            self.end_cell()
        elif name == _ROW and self.row is not None:
            self.end_row()

    def end_cell(self) -> None:
        name, attributes, repeat, _depth = self.cell
        self.cell = None
        value = self.value(attributes) if name == _CELL else None
        self.columns += repeat
        if value is not None and self.columns > limits.MAX_SHEET_COLUMNS:
            raise limits.FileTooLarge(
                f"в строке {self.number + 1} ячейка повторена дальше последнего столбца "
                f"({limits.MAX_SHEET_COLUMNS:,})".replace(",", " ")
            )
        room = MAX_COLUMNS - len(self.row)
        if room > 0:
            self.row.extend([value] * min(repeat, room))

    def end_row(self) -> None:
        cells, self.row = _trimmed(self.row), None
        repeat = self.row_repeat
        if not cells:
            self.number += repeat
        elif repeat > limits.MAX_ROW_REPEAT:
            raise limits.FileTooLarge(
                f"заполненная строка {self.number + 1} повторена {repeat:,} раз — так много "
                "одинаковых строк в списке людей не бывает".replace(",", " ")
            )
        else:
            for _ in range(repeat):
                self.number += 1
                self.budget.visit(len(cells))
                self.ready.append((self.number, cells))
        if self.number >= limits.MAX_ROWS:
            self.done = True

    def value(self, attributes):
        kind = attributes.get(_O + "value-type")
        if kind in ("float", "percentage", "currency"):
            number = float(attributes.get(_O + "value", "0"))
            return int(number) if number.is_integer() else number
        if kind == "date":
            text = attributes.get(_O + "date-value", "")
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:
                return text
        if kind == "boolean":
            return attributes.get(_O + "boolean-value") == "true"
        text = "\n".join(self.paragraphs)
        return text if text.strip() else None


class CsvBook(Book):
    """CSV with `,`, `;` or tab, in UTF-8 (with or without BOM), UTF-16 or Windows-1251."""

    format = "csv"

    def __init__(self, content: bytes, name: str, budget: limits.Budget):
        self.budget = budget
        self.text = self._decode(content)
        self.delimiter = self._delimiter(self.text)
        self.sheet_names = [name]

    @staticmethod
    def _decode(content: bytes) -> str:
        if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return content.decode("utf-16")
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" in text:
                break
            return text
        raise DomainError("Файл CSV не в кодировке UTF-8 или Windows-1251.")

    @staticmethod
    def _delimiter(text: str) -> str:
        sample = "\n".join(text[:65536].splitlines()[:60])
        best, best_score = ";", -1
        for delimiter in (";", "\t", ","):
            widths: dict[int, int] = {}
            for row in csv.reader(io.StringIO(sample), delimiter=delimiter):
                width = len(_trimmed(row))
                if width > 1:
                    widths[width] = widths.get(width, 0) + 1
            score = max(widths.values(), default=0)
            if score > best_score:
                best, best_score = delimiter, score
        return best

    def rows(self, index):
        reader = csv.reader(io.StringIO(self.text), delimiter=self.delimiter)
        for number, row in enumerate(reader, start=1):
            self.budget.visit(len(row) + 1)
            self.budget.check_time()
            yield number, _trimmed([cell if cell.strip() else None for cell in row])


def check_import_file(*, content: bytes, filename: str) -> None:
    """What can be told of an upload without parsing it (its name, size, first bytes): checked
    in the request, before the file goes to the background reading."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in EXTENSIONS:
        raise DomainError("Загрузите таблицу в формате xlsx, xls, ods или csv.")
    if not content or not content.strip():
        raise DomainError("Файл пустой: в нём нет ни одной строки.")
    if len(content) > MAX_IMPORT_BYTES:
        raise DomainError(
            f"Файл больше {MAX_IMPORT_BYTES // (1024 * 1024)} МБ. "
            "Разделите список на несколько файлов."
        )
    head = content[:512].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype", b"<?xml", b"<table")) and extension != "csv":
        raise DomainError(
            "Это веб-страница, сохранённая с расширением таблицы. Откройте файл в Excel или "
            "LibreOffice и сохраните как «Книга Excel (.xlsx)»."
        )


def open_book(*, content: bytes, filename: str) -> Book:
    """The file as a spreadsheet, by what it holds (a renamed .xls that is really .xlsx reads
    too), or a DomainError in Russian saying what to do. The reading keeps `file_limits`."""
    check_import_file(content=content, filename=filename)
    extension = filename.rsplit(".", 1)[-1].lower()
    try:
        budget = limits.Budget()
        if content.startswith(b"PK\x03\x04"):
            return _zip_book(content, budget)
        if content.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return XlsBook(content, budget)
        if extension == "csv":
            return CsvBook(content, filename.rsplit(".", 1)[0], budget)
    except DomainError:
        raise
    except Exception:
        pass
    raise DomainError(
        "Файл не удаётся прочитать как таблицу. Сохраните список в Excel как «Книга Excel "
        "(.xlsx)» или как CSV и загрузите снова."
    )


def _zip_book(content: bytes, budget: limits.Budget) -> Book:
    archive = limits.GuardedZip(io.BytesIO(content), budget=budget)
    names = set(archive.namelist())
    mimetype = archive.read("mimetype") if "mimetype" in names else b""
    if b"opendocument.spreadsheet" in mimetype:
        return OdsBook(archive, budget)
    if "xl/workbook.xml" in names:
        return XlsxBook(content, archive, budget)
    raise ValueError("not a spreadsheet")


# --- the table on a sheet -------------------------------------------------------------------


@dataclass
class Column:
    index: int
    header: str
    key: str
    target: str
    recognised: bool
    note: str = ""
    samples: list[str] = field(default_factory=list)


@dataclass
class Table:
    format: str
    sheet_names: list[str]
    sheet: int
    header_row: int  # the row number of the header (its first row when it has two)
    header_rows: int  # 1, or 2 for a header over two rows
    columns: list[Column]
    found: bool  # the header was recognised (else the first row is shown for mapping)
    rows: Iterator[Row]  # the rows under the header, streamed; empty rows left out

    @property
    def format_label(self) -> str:
        return FORMAT_LABELS.get(self.format, "CSV")


def _header_texts(cells: list) -> list[str]:
    return [cell_text(c) for c in cells]


def _score(texts: list[str], remembered) -> tuple[int, bool]:
    targets = [header_target(t, remembered)[0] for t in texts]
    named = any(t in (FIO, "last_name") for t in targets)
    real = sum(1 for t in targets if t)
    known = sum(1 for t in targets if t == SKIP_COLUMN)
    return (real * 2 + known if named and real >= 2 else 0), named


def _two_level(parent: list[str], child: list[str]) -> list[str]:
    """A header over two rows (merged «Стаж» over «общий | педагогический»): parent carried
    over the merged cells, joined with the child's text."""
    width = max(len(parent), len(child))
    parent = parent + [""] * (width - len(parent))
    child = child + [""] * (width - len(child))
    combined, carried = [], ""
    for top, bottom in zip(parent, child, strict=True):
        if top:
            carried = top
        elif not bottom:
            carried = ""
        above = top or (carried if bottom else "")
        combined.append(f"{above} {bottom}".strip() if bottom else above)
    return combined


def _is_numbering(cells: list) -> bool:
    """The «1 | 2 | 3 | 4» row that official forms put under the header."""
    values = [cell_text(c) for c in cells if not is_blank(c)]
    return len(values) >= 3 and values == [str(i) for i in range(1, len(values) + 1)]


def _find_header(head: list[Row], remembered, header_row: int | None):
    """(index in head, header texts, rows it spans) of the best header, or None."""
    best = None
    for i, (number, cells) in enumerate(head):
        if header_row is not None and number != header_row:
            continue
        if header_row is None and number > HEADER_SEARCH_ROWS:
            break
        texts = _header_texts(cells)
        score, _named = _score(texts, remembered)
        span = 1
        if i + 1 < len(head) and head[i + 1][0] == number + 1:
            below = head[i + 1][1]
            if all(isinstance(c, str) or c is None for c in below) and not _is_numbering(below):
                combined = _two_level(texts, _header_texts(below))
                combined_score, _ = _score(combined, remembered)
                if combined_score > score:
                    texts, score, span = combined, combined_score, 2
        if header_row is not None:
            return i, texts, span
        if score and (best is None or score > best[3]):
            best = (i, texts, span, score)
    return best[:3] if best else None


def _columns(texts: list[str], remembered, mapping: dict | None) -> list[Column]:
    columns, taken = [], set()
    for index, text in enumerate(texts):
        target, note = header_target(text, remembered)
        recognised = target is not None
        if mapping is not None and index in mapping:
            target, note = mapping[index], ""
        target = target or SKIP_COLUMN
        if mapping is None and target and target in taken:
            target, note = SKIP_COLUMN, "такой столбец уже есть левее"
        taken.add(target)
        columns.append(Column(index, text, header_key(text), target, recognised, note))
    targets = {c.target for c in columns}
    if mapping is None and "last_name" in targets and "first_name" not in targets:
        for column in columns:
            if column.target == "last_name":
                column.target, column.note = FIO, "фамилия, имя и отчество в одной ячейке"
    return columns


def read_table(
    *,
    content: bytes,
    filename: str,
    sheet: int | None = None,
    header_row: int | None = None,
    mapping: dict[int, str] | None = None,
    remembered: dict | None = None,
) -> Table:
    """The staff table of the file: the first sheet with a recognisable header (or the one the
    curator picked), its columns with what each means (by synonyms, the organisation's
    remembered mapping, or the curator's `mapping` of column index → target), and its rows."""
    book = open_book(content=content, filename=filename)
    if not book.sheet_names:
        raise DomainError("В файле нет ни одного листа.")
    if sheet is not None and not 0 <= sheet < len(book.sheet_names):
        sheet = None
    candidates = [sheet] if sheet is not None else range(len(book.sheet_names))
    first = None
    try:
        for index in candidates:
            rows = _non_empty(book.rows(index))
            head = list(islice(rows, HEADER_SEARCH_ROWS + 10))
            if not head:
                continue
            first = first or (index, head, rows)
            found = _find_header(head, remembered, header_row)
            if found:
                return _table(book, index, head, rows, found, remembered, mapping, True)
    except DomainError:
        raise
    except Exception:
        raise DomainError(
            "Файл не удаётся прочитать до конца: он повреждён. Откройте его в Excel или "
            "LibreOffice, сохраните заново и загрузите снова."
        ) from None
    if first is None:
        raise DomainError("В файле нет ни одной заполненной строки.")
    index, head, rows = first
    # No header we know: the first row is shown as the header, for the curator to map.
    fallback = (0, _header_texts(head[0][1]), 1)
    return _table(book, index, head, rows, fallback, remembered, mapping, False)


def _table(book, index, head, rows, found, remembered, mapping, recognised) -> Table:
    position, texts, span = found
    header_number = head[position][0]
    after = head[position + span :]
    if after and _is_numbering(after[0][1]):
        after = after[1:]
    columns = _columns(texts, remembered, mapping)
    for _number, cells in after[:8]:
        if sum(1 for c in cells if not is_blank(c)) < 2:
            continue  # a group title or a total, not an example of the column
        for column in columns:
            value = cells[column.index] if column.index < len(cells) else None
            if not is_blank(value) and len(column.samples) < 3:
                column.samples.append(cell_text(value)[:60])
    return Table(
        format=book.format,
        sheet_names=book.sheet_names,
        sheet=index,
        header_row=header_number,
        header_rows=span,
        columns=columns,
        found=recognised,
        rows=_guarded(chain(after, rows)),
    )


def _guarded(rows: Iterator[Row]) -> Iterator[Row]:
    """The rows, with a file that breaks half-way read as a Russian error, not a crash."""
    try:
        yield from rows
    except DomainError:
        raise
    except Exception:
        raise DomainError(
            "Файл не удаётся прочитать до конца: он повреждён. Откройте его в Excel или "
            "LibreOffice, сохраните заново и загрузите снова."
        ) from None


def _non_empty(rows: Iterator[Row]) -> Iterator[Row]:
    blank_run = 0
    for number, cells in rows:
        if any(not is_blank(c) for c in cells):
            blank_run = 0
            yield number, cells
        else:
            blank_run += 1
            if blank_run >= BLANK_RUN_ENDS_TABLE:
                return


_FOOTER = re.compile(
    r"^(итого|всего|итог)\b|^(исполнитель|ответственн|составил|подпис|главный бухгалтер)"
    r"|^м\.?\s?п\.?$",
    re.IGNORECASE,
)


def is_footer(cells: list) -> bool:
    """«Итого», «Всего», signatures and stamps under the table."""
    filled = [c for c in cells if not is_blank(c)]
    if not filled:
        return True
    if any(isinstance(c, str) and "___" in c for c in filled):
        return True
    return any(isinstance(c, str) and _FOOTER.match(c.strip().lower()) for c in filled[:2])
