"""The staff directory: editing people, giving them a login, importing and exporting the list.

An import is read once into a preview (every row with its spreadsheet row number, what would
happen to it and its errors) and applied all or nothing: one bad row and nothing is written.
"""

import secrets
from dataclasses import dataclass, field
from io import BytesIO

import tablib
from django.db import transaction
from import_export.results import RowResult

from ..exceptions import DomainError
from ..models import Organisation, StaffMember, User
from ..models.org import Role
from ..resources import HEADERS, REQUIRED_HEADERS, StaffResource, escape_formula
from .roles import grant_admin_access

MAX_IMPORT_BYTES = 2 * 1024 * 1024
FORMATS = {"xlsx": "xlsx", "csv": "csv"}


@dataclass
class PreviewRow:
    number: int  # the row in the spreadsheet (the header is row 1)
    action: str  # «новый», «изменится», «без изменений», «ошибка»
    name: str
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    rows: list[PreviewRow]
    file_errors: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.errors]

    @property
    def can_apply(self) -> bool:
        return bool(self.rows) and not self.error_rows and not self.file_errors

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def count_new(self) -> int:
        return self.count("новый")

    @property
    def count_update(self) -> int:
        return self.count("изменится")

    @property
    def count_same(self) -> int:
        return self.count("без изменений")


def read_staff_file(*, content: bytes, filename: str) -> tablib.Dataset:
    """A spreadsheet (xlsx or csv) as a dataset, or a DomainError saying what is wrong."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise DomainError("Загрузите таблицу в формате xlsx или csv.")
    if not content or not content.strip():
        raise DomainError("Файл пустой: в нём нет ни одной строки.")
    if len(content) > MAX_IMPORT_BYTES:
        raise DomainError("Файл больше 2 МБ. Разделите список на несколько файлов.")
    try:
        if extension == "xlsx":
            if not content.startswith(b"PK\x03\x04"):
                raise ValueError("not a zip")
            dataset = tablib.Dataset().load(BytesIO(content), format="xlsx")
        else:
            dataset = tablib.Dataset().load(_decode_csv(content), format="csv")
    except DomainError:
        raise
    except Exception:
        raise DomainError(
            "Файл не удаётся прочитать как таблицу. Сохраните список в Excel как «Книга Excel "
            "(.xlsx)» или как CSV и загрузите снова."
        ) from None
    headers = [str(h or "").strip() for h in (dataset.headers or [])]
    missing = [h for h in REQUIRED_HEADERS if h not in headers]
    if missing:
        raise DomainError(
            f"В первой строке файла нет столбцов: {', '.join(missing)}. "
            "Скачайте шаблон и заполните его."
        )
    dataset.headers = headers
    _drop_empty_rows(dataset)
    if not len(dataset):
        raise DomainError("В файле есть заголовки, но нет ни одной строки с педагогами.")
    return dataset


def _decode_csv(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise DomainError("Файл CSV не в кодировке UTF-8 или Windows-1251.")


def _drop_empty_rows(dataset: tablib.Dataset) -> None:
    for index in range(len(dataset) - 1, -1, -1):
        if all(cell in (None, "") for cell in dataset[index]):
            del dataset[index]


def _row_name(row: dict) -> str:
    return " ".join(
        str(row.get(HEADERS[k]) or "").strip()
        for k in HEADERS
        if k in ("last_name", "first_name", "patronymic")
    ).strip()


def _error_messages(validation_error) -> list[str]:
    labels = {attr: header for attr, header in HEADERS.items()}
    messages = []
    for attribute, errors in validation_error.message_dict.items():
        label = labels.get(attribute)
        for message in errors:
            messages.append(f"{label}: {message}" if label else message)
    return messages


def _run_import(*, organisation: Organisation, dataset: tablib.Dataset, dry_run: bool):
    resource = StaffResource(organisation=organisation)
    return resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        collect_failed_rows=True,
    )


def staff_import_preview(*, organisation: Organisation, dataset: tablib.Dataset) -> ImportPreview:
    """What importing the file would do, row by row, without writing anything."""
    result = _run_import(organisation=organisation, dataset=dataset, dry_run=True)
    rows_by_number: dict[int, PreviewRow] = {}
    records = dataset.dict
    actions = {
        RowResult.IMPORT_TYPE_NEW: "новый",
        RowResult.IMPORT_TYPE_UPDATE: "изменится",
        RowResult.IMPORT_TYPE_SKIP: "без изменений",
    }
    for index, row_result in enumerate(result.rows, start=1):
        number = index + 1
        rows_by_number[number] = PreviewRow(
            number=number,
            action=actions.get(row_result.import_type, "ошибка"),
            name=_row_name(records[index - 1]),
        )
    for invalid in result.invalid_rows:
        number = invalid.number + 1
        row = rows_by_number.setdefault(
            number, PreviewRow(number, "ошибка", _row_name(records[invalid.number - 1]))
        )
        row.action = "ошибка"
        row.errors.extend(_error_messages(invalid.error))
    for number, errors in result.row_errors():
        row = rows_by_number[number + 1]
        row.action = "ошибка"
        row.errors.extend(f"Строку не удалось обработать: {e.error}" for e in errors)
    _flag_duplicate_names(list(rows_by_number.values()))
    file_errors = [str(e.error) for e in result.base_errors]
    return ImportPreview(
        rows=sorted(rows_by_number.values(), key=lambda r: r.number), file_errors=file_errors
    )


def _flag_duplicate_names(rows: list[PreviewRow]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        key = row.name.lower()
        if key and key in seen:
            row.action = "ошибка"
            row.errors.append(f"Этот педагог уже есть в строке {seen[key]} файла.")
        else:
            seen[key] = row.number


@transaction.atomic
def staff_import_apply(*, organisation: Organisation, dataset: tablib.Dataset) -> ImportPreview:
    """Import every row, or nothing if any row has an error."""
    preview = staff_import_preview(organisation=organisation, dataset=dataset)
    if not preview.can_apply:
        raise DomainError(
            "В файле есть ошибки: ничего не загружено. Исправьте строки "
            + ", ".join(str(r.number) for r in preview.error_rows[:20])
            + " и загрузите файл снова."
        )
    result = _run_import(organisation=organisation, dataset=dataset, dry_run=False)
    if result.has_errors() or result.has_validation_errors():
        # Something changed between the preview and now: undo everything.
        transaction.set_rollback(True)
        raise DomainError("Файл не загружен: данные изменились, проверьте его ещё раз.")
    return preview


def staff_export(*, organisation: Organisation, fmt: str) -> bytes:
    """The organisation's staff list as xlsx or csv, formulas escaped."""
    if fmt not in FORMATS:
        raise DomainError("Выгрузка возможна в xlsx или csv.")
    resource = StaffResource(organisation=organisation)
    queryset = StaffMember.objects.filter(organisation=organisation, is_active=True)
    dataset = resource.export(queryset=queryset)
    safe = tablib.Dataset(headers=dataset.headers)
    for row in dataset:
        safe.append([escape_formula(cell) for cell in row])
    exported = safe.export(FORMATS[fmt])
    return exported.encode("utf-8-sig") if isinstance(exported, str) else exported


def staff_template() -> bytes:
    """An xlsx with the headers and one example row, for the curator to fill in."""
    dataset = tablib.Dataset(headers=list(HEADERS.values()))
    dataset.append(
        [
            "Иванова",
            "Мария",
            "Петровна",
            "воспитатель",
            "2,5",
            "1",
            "без категории",
            "высшее педагогическое",
            "15.03.1998",
            "01.09.2023",
            "ivanova@example.ru",
            "'+7 900 000-00-00",
        ]
    )
    return dataset.export("xlsx")


def staff_save(
    *, organisation: Organisation, member: StaffMember | None = None, **data
) -> StaffMember:
    """Create or update a staff card of the organisation."""
    if member is not None and member.organisation_id != organisation.pk:
        raise DomainError("Педагог работает в другой организации.")
    member = member or StaffMember(organisation=organisation)
    for name, value in data.items():
        setattr(member, name, value)
    duplicate = (
        StaffMember.objects.filter(
            organisation=organisation,
            last_name__iexact=member.last_name,
            first_name__iexact=member.first_name,
            patronymic__iexact=member.patronymic,
        )
        .exclude(pk=member.pk)
        .exists()
    )
    if duplicate:
        raise DomainError("Педагог с такими фамилией, именем и отчеством уже есть в списке.")
    member.full_clean()
    member.save()
    return member


def staff_set_active(*, member: StaffMember, active: bool) -> StaffMember:
    """People are never deleted (their history stays); a person who left is made inactive."""
    member.is_active = active
    member.save(update_fields=["is_active"])
    if member.user_id and not active:
        User.objects.filter(pk=member.user_id).update(is_active=False)
    return member


STAFF_LOGIN_ROLES = (Role.TEACHER, Role.PSYCHOLOGIST, Role.CURATOR, Role.HEAD)


def staff_create_login(*, member: StaffMember, username: str, role: str) -> tuple[User, str]:
    """A login for a staff member; returns the user and a one-time random password."""
    if member.user_id:
        raise DomainError("У педагога уже есть учётная запись.")
    if role not in STAFF_LOGIN_ROLES:
        raise DomainError("Недопустимая роль.")
    username = username.strip()
    if not username:
        raise DomainError("Укажите логин.")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"Логин «{username}» уже занят. Выберите другой.")
    password = secrets.token_urlsafe(9)
    with transaction.atomic():
        user = User.objects.create_user(
            username=username,
            password=password,
            email=member.email,
            first_name=member.first_name,
            last_name=member.last_name,
            patronymic=member.patronymic,
            organisation=member.organisation,
            role=role,
        )
        member.user = user
        member.save(update_fields=["user"])
        grant_admin_access(user=user)
    return user, password
