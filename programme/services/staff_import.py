"""Importing the staff list: a preview of what every row would do, then all or nothing.

The file is read by `staff_files` (header, columns, values); here each row is matched with
the organisation's staff — by normalised ФИО and birth date, or e-mail when the file has no
birth date — and becomes new, changed (old → new per cell), unchanged or skipped (not a
teaching post, a repeat), or an error. The preview and the apply run the same code on the
same file; the apply writes in one transaction with bulk statements (one query finds the
existing people, none per row) and refuses to write anything that was not in the preview the
curator saw: the preview carries a digest of every decision, and the apply must reach the same.
"""

import functools
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from common.formatting import years_ru

from ..exceptions import DomainError
from ..models import Organisation, StaffImportMapping, StaffMember
from ..models.org import Category, Position
from ..validators import name_key
from . import staff_files as files
from .audit import log_bulk

NEW, UPDATE, SAME, SKIP, ERROR = "новый", "изменится", "без изменений", "пропущен", "ошибка"
SHOWN_ROWS = 200  # rows of each kind listed on the preview page; the counts are always full
CREATE_BATCH = 1000
UPDATE_BATCH = 250
PROGRESS_EVERY = 1000  # rows between two reports of progress to the page that waits

IMPORT_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "position",
    "experience_total",
    "experience_here",
    "category",
    "education",
    "birth_date",
    "hired_on",
    "email",
    "phone",
)
NAME_FIELDS = ("last_name", "first_name", "patronymic")
LABELS = {
    "last_name": "Фамилия",
    "first_name": "Имя",
    "patronymic": "Отчество",
    "position": "Должность",
    "experience_total": "Пед. стаж",
    "experience_here": "Стаж в организации",
    "category": "Категория",
    "education": "Образование",
    "birth_date": "Дата рождения",
    "hired_on": "Дата приёма",
    "email": "Эл. почта",
    "phone": "Телефон",
    "is_active": "Работает",
}
POSITION_LABELS = dict(Position.choices)
CATEGORY_LABELS = dict(Category.choices)


@dataclass(frozen=True)
class ImportSettings:
    """What the curator chose on the preview; empty means «as recognised»."""

    sheet: int | None = None
    header_row: int | None = None
    columns: dict[int, str] | None = None  # column index → target («» — не загружать)
    positions: dict[str, str] = field(default_factory=dict)  # post → code or «-»
    default_position: str = ""  # for a file without a position column


@dataclass
class CellChange:
    label: str
    old: str
    new: str


@dataclass
class PreviewRow:
    number: int  # the row in the spreadsheet
    action: str
    name: str
    position: str = ""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[CellChange] = field(default_factory=list)
    reason: str = ""


@dataclass
class PositionQuestion:
    """A post we do not know, asked once per distinct value: is it a teaching one?"""

    key: str
    written: str
    count: int = 0
    answer: str = ""  # «» — not answered yet, «-» — not teaching, else a Position code
    remembered: bool = False


@dataclass
class ImportPreview:
    filename: str
    format_label: str = ""
    sheet_names: list[str] = field(default_factory=list)
    sheet: int = 0
    header_row: int = 1
    header_rows: int = 1
    header_found: bool = True
    columns: list = field(default_factory=list)
    questions: list[PositionQuestion] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    shown: dict[str, list[PreviewRow]] = field(default_factory=lambda: defaultdict(list))
    skipped_posts: Counter = field(default_factory=Counter)
    service_rows: list[int] = field(default_factory=list)
    service_count: int = 0
    initials_count: int = 0
    not_in_file: int = 0
    default_position: str = ""
    digest: str = ""

    def count(self, action: str) -> int:
        return self.counts[action]

    @property
    def count_new(self) -> int:
        return self.counts[NEW]

    @property
    def count_update(self) -> int:
        return self.counts[UPDATE]

    @property
    def count_same(self) -> int:
        return self.counts[SAME]

    @property
    def count_skip(self) -> int:
        return self.counts[SKIP]

    @property
    def count_error(self) -> int:
        return self.counts[ERROR]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def error_rows(self) -> list[PreviewRow]:
        return self.shown[ERROR]

    @property
    def new_rows(self) -> list[PreviewRow]:
        return self.shown[NEW]

    @property
    def update_rows(self) -> list[PreviewRow]:
        return self.shown[UPDATE]

    @property
    def same_rows(self) -> list[PreviewRow]:
        return self.shown[SAME]

    @property
    def skip_rows(self) -> list[PreviewRow]:
        return self.shown[SKIP]

    def more(self, action: str) -> int:
        return self.counts[action] - len(self.shown[action])

    @property
    def more_errors(self) -> int:
        return self.more(ERROR)

    @property
    def more_new(self) -> int:
        return self.more(NEW)

    @property
    def more_updates(self) -> int:
        return self.more(UPDATE)

    @property
    def more_same(self) -> int:
        return self.more(SAME)

    @property
    def more_skipped(self) -> int:
        return self.more(SKIP)

    @property
    def unanswered(self) -> list[PositionQuestion]:
        return [q for q in self.questions if not q.answer]

    @property
    def has_changes(self) -> bool:
        return bool(self.counts[NEW] or self.counts[UPDATE])

    @property
    def can_apply(self) -> bool:
        return (
            not self.file_errors
            and not self.counts[ERROR]
            and not self.unanswered
            and self.has_changes
        )

    @property
    def column_targets(self) -> dict[int, str]:
        return {column.index: column.target for column in self.columns}

    @property
    def skipped_post_counts(self) -> list[tuple[str, int]]:
        return self.skipped_posts.most_common()

    @property
    def has_position_column(self) -> bool:
        return any(column.target == "position" for column in self.columns)

    @property
    def sheet_name(self) -> str:
        return self.sheet_names[self.sheet] if self.sheet < len(self.sheet_names) else ""


# --- the existing staff, found in one query -------------------------------------------------


def _is_initial(text: str) -> bool:
    return len(text) <= 2 and text.endswith(".")


class _Staff:
    """The organisation's staff (active or not) as plain values, indexed for matching."""

    def __init__(self, organisation: Organisation, *, lock: bool):
        queryset = StaffMember.objects.filter(organisation=organisation).order_by("pk")
        if lock:
            queryset = queryset.select_for_update()
        self.by_name = defaultdict(list)
        self.by_short = defaultdict(list)
        self.by_initials = defaultdict(list)
        self.active: set[int] = set()
        for record in queryset.values("pk", "is_active", *IMPORT_FIELDS):
            last, first, patronymic = (record[f] for f in NAME_FIELDS)
            self.by_name[name_key(last, first, patronymic)].append(record)
            self.by_short[name_key(last, first)].append(record)
            self.by_initials[files.initials_key(last, first, patronymic)].append(record)
            if record["is_active"]:
                self.active.add(record["pk"])

    def match(self, name: files.Name, *, birth_date, email: str) -> tuple[dict | None, str]:
        """The existing person this row is, or None; an error when it cannot be told."""
        if name.initials_only:
            candidates = self.by_initials.get(
                files.initials_key(name.last_name, name.first_name, name.patronymic), []
            )
        else:
            candidates = self.by_name.get(files.person_key(name), [])
            if not candidates:
                short_key = name_key(name.last_name, name.first_name)
                short = self.by_short.get(short_key, [])
                # «Иванова Мария» in the file, «Иванова Мария Петровна» here (or the reverse)
                candidates = [c for c in short if not (c["patronymic"] and name.patronymic)]
            if not candidates:
                # a person entered with initials, now written in full
                candidates = [
                    c
                    for c in self.by_initials.get(
                        files.initials_key(name.last_name, name.first_name, name.patronymic), []
                    )
                    if _is_initial(c["first_name"])
                ]
        if not candidates:
            return None, ""
        if birth_date:
            same = [c for c in candidates if c["birth_date"] == birth_date]
            if len(same) == 1:
                return same[0], ""
            if len(same) > 1:
                return None, "В списке педагогов несколько человек с такими ФИО и датой рождения."
            # another birth date is another person (a namesake)
            candidates = [c for c in candidates if c["birth_date"] is None]
            if not candidates:
                return None, ""
        if email:
            same = [c for c in candidates if c["email"].casefold() == email.casefold()]
            if len(same) == 1:
                return same[0], ""
        if len(candidates) == 1:
            return candidates[0], ""
        return None, (
            f"В списке педагогов {len(candidates)} человека с ФИО «{name.full}»: добавьте в "
            "файл дату рождения или эл. почту, чтобы было понятно, кого обновить."
        )


# --- one row --------------------------------------------------------------------------------


def _display(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    if name == "position":
        return str(POSITION_LABELS.get(value, value))
    if name == "category":
        return str(CATEGORY_LABELS.get(value, value))
    if name == "is_active":
        return "да" if value else "нет"
    if isinstance(value, Decimal):
        return years_ru(value)
    return files.cell_text(value)


def _same(name: str, old, new) -> bool:
    if name in NAME_FIELDS:
        return name_key(old or "") == name_key(new or "")
    if name == "email":
        return (old or "").casefold() == (new or "").casefold()
    return old == new


class _Reader:
    """Turns the cells of one row into a decision, with the file's columns and the answers."""

    def __init__(self, *, table, settings: ImportSettings, remembered_positions: dict):
        self.index = {}
        for column in table.columns:
            if column.target:
                self.index.setdefault(column.target, column.index)
        self.settings = settings
        self.remembered_positions = remembered_positions
        self.questions: dict[str, PositionQuestion] = {}

    def cell(self, cells: list, target: str):
        index = self.index.get(target)
        return cells[index] if index is not None and index < len(cells) else None

    def has(self, target: str) -> bool:
        return target in self.index

    def mapped_cells(self, cells: list) -> list:
        return [self.cell(cells, t) for t in self.index if t not in files.NAME_TARGETS]

    def name_cell(self, cells: list):
        if self.has(files.FIO):
            return self.cell(cells, files.FIO)
        return self.cell(cells, "last_name")

    def position(self, cells, row: PreviewRow) -> str | None:
        """The Position code, or None when the row is skipped or waits for an answer."""
        if not self.has("position"):
            row.position = str(POSITION_LABELS.get(self.settings.default_position, ""))
            return self.settings.default_position
        raw = self.cell(cells, "position")
        if files.is_blank(raw):
            row.errors.append("Должность: не указана.")
            return None
        reading = files.parse_position(raw)
        row.position = reading.written
        if reading.kind == files.TEACHING:
            return reading.code
        if reading.kind == files.NOT_TEACHING:
            row.action, row.reason = SKIP, "не педагогическая должность"
            return None
        question = self.questions.get(reading.key)
        if question is None:
            answer = self.settings.positions.get(reading.key)
            remembered = answer is None and reading.key in self.remembered_positions
            if answer is None:
                answer = self.remembered_positions.get(reading.key, "")
            if answer and answer != files.NOT_TEACHING_ANSWER and answer not in POSITION_LABELS:
                answer = ""
            question = PositionQuestion(
                reading.key, reading.written, answer=answer, remembered=remembered
            )
            self.questions[reading.key] = question
        question.count += 1
        if question.answer == files.NOT_TEACHING_ANSWER:
            row.action, row.reason = SKIP, "не педагог (по вашему ответу)"
            return None
        if not question.answer:
            row.action, row.reason = SKIP, "ждёт ответа: педагог ли это?"
            return None
        return question.answer

    def name(self, cells) -> files.Name:
        if self.has(files.FIO):
            return files.split_fio(self.cell(cells, files.FIO))
        return files.name_parts(
            self.cell(cells, "last_name"),
            self.cell(cells, "first_name"),
            self.cell(cells, "patronymic"),
            patronymic_mapped=self.has("patronymic"),
        )

    def values(self, cells, row: PreviewRow) -> dict:
        """The non-empty values of the row's other columns (an empty cell changes nothing)."""
        values = {}

        def read(target, parse):
            if not self.has(target):
                return None
            try:
                return parse(self.cell(cells, target))
            except ValueError as error:
                row.errors.append(f"{files.TARGETS[target]}: {error}")
                return None

        for years, months in (
            ("experience_total", "experience_total_months"),
            ("experience_here", "experience_here_months"),
        ):
            value = read(years, files.parse_experience)
            extra = read(months, files.parse_months)
            if extra is not None:
                value = ((value or Decimal(0)) + extra).quantize(files.TENTH, ROUND_HALF_UP)
            if value is not None:
                values[years] = value
        if (category := read("category", files.parse_category)) is not None:
            values["category"] = category
        for target in ("birth_date", "hired_on"):
            if (date := read(target, files.parse_date)) is not None:
                values[target] = date
        for target in ("education", "email", "phone"):
            if text := read(target, files.cell_or_empty):
                values[target] = text
        return values


@functools.cache
def _model_fields() -> frozenset[str]:
    return frozenset(f.name for f in StaffMember._meta.concrete_fields)


def _validate(member: StaffMember, row: PreviewRow, fields) -> None:
    """The model's own rules (ranges, dates, e-mail, lengths) for the fields the file sets, and
    the rules between fields; without a query."""
    try:
        member.clean_fields(exclude=list(_model_fields().difference(fields)))
        member.clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            label = LABELS.get(name)
            row.errors.extend(
                f"{label}: {m}" if label and not m.startswith(label) else m for m in messages
            )


TOTAL_FILLED = (
    "Пед. стаж в файле не указан: записан равным стажу в организации (меньше он быть не "
    "может) — уточните его в карточке."
)


def _lacking_total(values: dict, *, total, here) -> Decimal | None:
    """Experience here but none in total (the file has no such column or an empty cell): the
    total cannot be less than the years here, so it is taken as those years, with a warning."""
    if "experience_total" in values or here is None or total is None or here <= total:
        return None
    return here


# --- the run --------------------------------------------------------------------------------


class _Run:
    def __init__(self, *, organisation, content, filename, settings, apply: bool, progress=None):
        self.organisation = organisation
        self.settings = settings
        self.apply = apply
        self.progress = progress
        mapping = StaffImportMapping.objects.filter(organisation=organisation).first()
        self.remembered_columns = mapping.columns if mapping else {}
        self.remembered_positions = mapping.positions if mapping else {}
        self.table = files.read_table(
            content=content,
            filename=filename,
            sheet=settings.sheet,
            header_row=settings.header_row,
            mapping=settings.columns,
            remembered=self.remembered_columns,
        )
        self.preview = ImportPreview(
            filename=filename,
            format_label=self.table.format_label,
            sheet_names=self.table.sheet_names,
            sheet=self.table.sheet,
            header_row=self.table.header_row,
            header_rows=self.table.header_rows,
            header_found=self.table.found,
            columns=self.table.columns,
            default_position=settings.default_position,
        )
        self.digest = hashlib.sha256()
        self.to_create: list[StaffMember] = []
        # people to update, by the fields that change (a bulk update sets only those)
        self.to_update: dict[tuple[str, ...], list[StaffMember]] = defaultdict(list)
        self.seen: dict[tuple, int] = {}
        self.matched: set[int] = set()

    # the mapping as a whole

    def mapping_errors(self) -> list[str]:
        errors = []
        by_target = defaultdict(list)
        for column in self.table.columns:
            if column.target:
                by_target[column.target].append(column.header or f"№ {column.index + 1}")
        for target, headers in by_target.items():
            if len(headers) > 1:
                errors.append(
                    f"Столбцы {', '.join(f'«{h}»' for h in headers)} все выбраны как "
                    f"«{files.TARGETS[target]}»: оставьте один."
                )
        has_fio = files.FIO in by_target
        if has_fio and any(t in by_target for t in NAME_FIELDS):
            errors.append(
                "Выберите либо один столбец «ФИО», либо отдельные «Фамилия», «Имя», «Отчество»."
            )
        elif not has_fio and not ("last_name" in by_target and "first_name" in by_target):
            errors.append(
                "Укажите столбец с ФИО (или два столбца — «Фамилия» и «Имя»)."
                if not self.table.found
                else "Нет столбцов с фамилией и именем: укажите столбец «ФИО» или оба — "
                "«Фамилия» и «Имя»."
            )
        if "position" not in by_target and not self.settings.default_position:
            errors.append(
                "Укажите столбец с должностью — или должность для всех строк, если её в файле нет."
            )
        if not self.table.found and not errors:
            return []
        if not self.table.found:
            errors.insert(
                0,
                "В первых строках файла не нашлось заголовков «ФИО» и «Должность». Укажите, что "
                "в каких столбцах, или номер строки с заголовками, и нажмите «Проверить снова».",
            )
        return errors

    def run(self) -> ImportPreview:
        preview = self.preview
        preview.file_errors = self.mapping_errors()
        self.digest.update(
            repr(
                (
                    preview.sheet,
                    preview.header_row,
                    sorted(preview.column_targets.items()),
                    self.settings.default_position,
                )
            ).encode()
        )
        if preview.file_errors:
            preview.digest = self.digest.hexdigest()
            return preview
        self.staff = _Staff(self.organisation, lock=self.apply)
        self.reader = _Reader(
            table=self.table,
            settings=self.settings,
            remembered_positions=self.remembered_positions,
        )
        data_rows, report_at = 0, PROGRESS_EVERY
        for number, cells in self.table.rows:
            if self.progress is not None and number >= report_at:
                self.progress(number)
                report_at = number + PROGRESS_EVERY
            row = self.row(number, cells)
            if row is None:
                continue
            data_rows += 1
            if data_rows > files.MAX_DATA_ROWS:
                raise DomainError(
                    f"В файле больше {files.MAX_DATA_ROWS:,} строк с людьми: разделите его на "
                    "несколько файлов.".replace(",", " ")
                )
            self.record(row)
        self.flush(final=True)
        preview.questions = list(self.reader.questions.values())
        for question in preview.questions:
            self.digest.update(f"?{question.key}={question.answer}".encode())
        preview.not_in_file = len(self.staff.active - self.matched)
        preview.digest = self.digest.hexdigest()
        return preview

    def record(self, row: PreviewRow) -> None:
        preview = self.preview
        if row.errors:
            row.action = ERROR
        preview.counts[row.action] += 1
        if row.action == SKIP and row.reason == "не педагогическая должность":
            preview.skipped_posts[files.position_key(row.position)] += 1
        if len(preview.shown[row.action]) < SHOWN_ROWS:
            preview.shown[row.action].append(row)

    def will_show(self, action: str) -> bool:
        return len(self.preview.shown[action]) < SHOWN_ROWS

    def service(self, number: int) -> None:
        self.preview.service_count += 1
        if len(self.preview.service_rows) < SHOWN_ROWS:
            self.preview.service_rows.append(number)

    def row(self, number: int, cells: list) -> PreviewRow | None:
        reader = self.reader
        if files.is_footer(cells):
            self.service(number)
            return None
        raw_name = reader.name_cell(cells)
        others = [c for c in reader.mapped_cells(cells) if not files.is_blank(c)]
        if files.is_blank(raw_name):
            if files.is_blank(reader.cell(cells, "position")):
                self.service(number)  # a note, a group title in another column
                return None
            row = PreviewRow(number, ERROR, "—")
            row.errors.append("Не указаны фамилия и имя.")
            return row
        if reader.has(files.FIO) and not others and not files.looks_like_person(raw_name):
            self.service(number)  # «Группа № 3 «Солнышко»», «Педагогический персонал»
            return None
        row = PreviewRow(number, NEW, files.cell_text(raw_name))
        if not reader.has(files.FIO):
            row.name = " ".join(
                files.cell_text(reader.cell(cells, t)) for t in NAME_FIELDS if reader.has(t)
            ).strip()
        position = reader.position(cells, row)
        if row.action == SKIP or row.errors:
            return row
        try:
            name = reader.name(cells)
        except ValueError as error:
            row.errors.append(str(error))
            return row
        row.name = name.full
        if name.initials_only:
            row.warnings.append("Только инициалы: допишите имя и отчество в карточке педагога.")
        if name.unsure:
            row.warnings.append("Проверьте, как ФИО разделено на фамилию, имя и отчество.")
        values = reader.values(cells, row)
        values.update(
            last_name=name.last_name,
            first_name=name.first_name,
            patronymic=name.patronymic,
            position=position,
        )
        if row.errors:
            return row
        existing, error = self.staff.match(
            name, birth_date=values.get("birth_date"), email=values.get("email", "")
        )
        if error:
            row.errors.append(error)
            return row
        if existing is not None:
            self.update(row, existing, values, name)
        else:
            self.create(row, values, name)
        return row

    def duplicate(self, row: PreviewRow, key: tuple) -> bool:
        first = self.seen.setdefault(key, row.number)
        if first != row.number:
            row.action, row.reason = SKIP, f"повтор: этот человек уже есть в строке {first}"
            return True
        return False

    def create(self, row: PreviewRow, values: dict, name: files.Name) -> None:
        key = ("new", files.person_key(name), values.get("birth_date"))
        if self.duplicate(row, key):
            return
        here = values.get("experience_here")
        if filled := _lacking_total(values, total=Decimal(0), here=here):
            values["experience_total"] = filled
            row.warnings.append(TOTAL_FILLED)
        member = StaffMember(organisation=self.organisation, **values)
        _validate(member, row, values)
        if row.errors:
            return
        if name.initials_only:
            self.preview.initials_count += 1
        row.action = NEW
        if self.will_show(NEW):  # what is not shown is not drawn
            row.changes = [
                CellChange(LABELS[f], "", _display(f, values[f]))
                for f in IMPORT_FIELDS
                if f not in NAME_FIELDS and values.get(f) not in (None, "")
            ]
        self.digest.update(f"{row.number}+{sorted(values.items())!r}".encode())
        if self.apply:
            self.to_create.append(member)
            self.flush()

    def update(self, row: PreviewRow, existing: dict, values: dict, name: files.Name) -> None:
        if self.duplicate(row, ("pk", existing["pk"])):
            return
        self.matched.add(existing["pk"])
        if name.initials_only:
            for part in NAME_FIELDS:  # the full names we have stay
                values.pop(part)
        # names compare by their key: «Алёна» in the card, «Алена» in the file — no change
        changed = {f: v for f, v in values.items() if not _same(f, existing[f], v)}
        if not existing["is_active"]:
            changed["is_active"] = True
        here = changed.get("experience_here", existing["experience_here"])
        if filled := _lacking_total(values, total=existing["experience_total"], here=here):
            changed["experience_total"] = filled
            row.warnings.append(TOTAL_FILLED)
        member = StaffMember(
            pk=existing["pk"],
            organisation=self.organisation,
            **{f: existing[f] for f in (*IMPORT_FIELDS, "is_active")},
        )
        for f, v in changed.items():
            setattr(member, f, v)
        row.name = " ".join(
            p for p in (member.last_name, member.first_name, member.patronymic) if p
        )
        if changed:
            _validate(member, row, changed)
            if row.errors:
                return
        row.action = UPDATE if changed else SAME
        if self.will_show(row.action):
            row.changes = [
                CellChange(LABELS[f], _display(f, existing[f]), _display(f, v))
                for f, v in changed.items()
            ]
        self.digest.update(f"{row.number}={existing['pk']}{sorted(changed.items())!r}".encode())
        if self.apply and changed:
            member._audit_changes = {f: [existing[f], v] for f, v in changed.items()}
            self.to_update[tuple(sorted(changed))].append(member)
            self.flush()

    def flush(self, *, final: bool = False) -> None:
        if not self.apply:
            return
        if self.to_create and (final or len(self.to_create) >= CREATE_BATCH):
            StaffMember.objects.bulk_create(self.to_create, batch_size=CREATE_BATCH)
            log_bulk(created=self.to_create)  # bulk writes send no signals: the trail in bulk
            self.to_create = []
        for fields, members in list(self.to_update.items()):
            if final or len(members) >= UPDATE_BATCH:
                StaffMember.objects.bulk_update(members, fields, batch_size=UPDATE_BATCH)
                log_bulk(updated=members)
                del self.to_update[fields]

    def remember(self) -> None:
        """The curator's corrections and answers, for the next file of the organisation."""
        columns = dict(self.remembered_columns)
        for column in self.table.columns:
            if not column.key:
                continue
            guessed, _note = files.header_target(column.header)
            if column.target != (guessed or files.SKIP_COLUMN):
                columns[column.key] = column.target
            else:
                columns.pop(column.key, None)
        positions = dict(self.remembered_positions)
        positions.update({q.key: q.answer for q in self.preview.questions if q.answer})
        StaffImportMapping.objects.update_or_create(
            organisation=self.organisation, defaults={"columns": columns, "positions": positions}
        )


def staff_import_preview(
    *,
    organisation: Organisation,
    content: bytes,
    filename: str,
    settings: ImportSettings | None = None,
    progress=None,
) -> ImportPreview:
    """What importing the file would do, row by row, without writing anything; `progress(row)`
    is told the row reached every PROGRESS_EVERY rows."""
    return _Run(
        organisation=organisation,
        content=content,
        filename=filename,
        settings=settings or ImportSettings(),
        apply=False,
        progress=progress,
    ).run()


class ImportChanged(DomainError):
    """The file, the settings or the staff list changed since the preview: nothing written."""


def staff_import_apply(
    *,
    organisation: Organisation,
    content: bytes,
    filename: str,
    settings: ImportSettings | None = None,
    digest: str,
) -> ImportPreview:
    """Import every row as the preview with this digest showed it, or nothing at all."""
    with transaction.atomic():
        # One import of an organisation at a time: the second waits, then sees the first.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        run = _Run(
            organisation=organisation,
            content=content,
            filename=filename,
            settings=settings or ImportSettings(),
            apply=True,
        )
        preview = run.run()
        if preview.digest != digest:
            raise ImportChanged(
                "С момента проверки изменились настройки, файл или список педагогов: ничего не "
                "загружено. Посмотрите результат проверки ещё раз и нажмите «Загрузить»."
            )
        if not preview.can_apply:
            raise DomainError(_refusal(preview))
        run.remember()
    return preview


def _refusal(preview: ImportPreview) -> str:
    if preview.file_errors:
        return "Файл не загружен: " + " ".join(preview.file_errors)
    if preview.count_error:
        numbers = ", ".join(str(r.number) for r in preview.error_rows[:20])
        return (
            f"В файле есть ошибки: ничего не загружено. Исправьте строки {numbers}"
            + (" и другие" if preview.count_error > 20 else "")
            + " и загрузите файл снова."
        )
    if preview.unanswered:
        return "Ответьте, педагоги ли это: " + ", ".join(
            f"«{q.written}»" for q in preview.unanswered
        )
    return "Загружать нечего: все строки файла уже есть в списке без изменений."
