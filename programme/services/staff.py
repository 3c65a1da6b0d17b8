"""The staff directory: editing people, giving them a login, exporting the list.

The import (a preview of every row, then all or nothing) is in `staff_import`; reading the
files kindergartens have is in `staff_files`.
"""

import secrets

import tablib
from django.db import transaction

from ..exceptions import DomainError
from ..models import Organisation, StaffMember, User
from ..models.org import Role
from ..resources import HEADERS, StaffResource, escape_formula
from ..spreadsheets import ru_date, ru_number, table_xlsx
from ..validators import normalise_name
from .roles import grant_admin_access

NAME_PARTS = ("last_name", "first_name", "patronymic")
FORMATS = {"xlsx": "xlsx", "csv": "csv"}
# In a workbook the dates are dates and the years of experience numbers (sortable, summable).
TYPED_COLUMNS = {
    HEADERS["birth_date"]: ru_date,
    HEADERS["hired_on"]: ru_date,
    HEADERS["experience_total"]: ru_number,
    HEADERS["experience_here"]: ru_number,
}


def staff_xlsx(dataset) -> bytes:
    """The exported staff dataset as a workbook with typed cells, autofilter, frozen header."""
    return table_xlsx(dataset.headers, dataset, title="Педагоги", typed=TYPED_COLUMNS)


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
    if fmt == "xlsx":
        return staff_xlsx(safe)
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
    return table_xlsx(dataset.headers, dataset, title="Педагоги", typed=TYPED_COLUMNS)


def staff_save(
    *, organisation: Organisation, member: StaffMember | None = None, **data
) -> StaffMember:
    """Create or update a staff card of the organisation."""
    if member is not None and member.organisation_id != organisation.pk:
        raise DomainError("Педагог работает в другой организации.")
    member = member or StaffMember(organisation=organisation)
    for name, value in data.items():
        setattr(member, name, value)
    for part in NAME_PARTS:
        setattr(member, part, normalise_name(getattr(member, part)))
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
