"""The demo kindergarten's organisation, staff of mixed positions and experience, and a login
for every role."""

import datetime as dt
from decimal import Decimal

from .. import services
from ..models import Organisation, StaffMember, User
from ..models.org import Role

DEMO_PASSWORD = "nastavnik2024"

# (last, first, patronymic, position, total experience, here, category)
STAFF = [
    ("Синицына", "Светлана", "Викторовна", "zaveduyushchiy", 28, 15, "highest"),
    ("Королёва", "Ирина", "Николаевна", "starshiy_vospitatel", 22, 12, "highest"),
    ("Лебедева", "Ольга", "Петровна", "psiholog", 14, 8, "first"),
    ("Волкова", "Наталья", "Сергеевна", "vospitatel", 26, 18, "mentor"),
    ("Морозова", "Елена", "Александровна", "vospitatel", 19, 10, "highest"),
    ("Новикова", "Татьяна", "Ивановна", "vospitatel", 16, 9, "highest"),
    ("Павлова", "Марина", "Юрьевна", "vospitatel", 12, 7, "first"),
    ("Семёнова", "Галина", "Васильевна", "muz_rukovoditel", 21, 14, "highest"),
    ("Егорова", "Людмила", "Михайловна", "logoped", 17, 11, "highest"),
    ("Козлова", "Анна", "Дмитриевна", "instruktor_fk", 9, 5, "first"),
    ("Степанова", "Оксана", "Викторовна", "vospitatel", 11, 6, "first"),
    ("Николаева", "Юлия", "Андреевна", "vospitatel", 8, 4, "first"),
    ("Орлова", "Светлана", "Геннадьевна", "defektolog", 13, 6, "first"),
    ("Андреева", "Вера", "Павловна", "vospitatel", 24, 20, "highest"),
    ("Макарова", "Ксения", "Олеговна", "pdo", 6, 3, "conformity"),
    ("Захарова", "Дарья", "Сергеевна", "vospitatel", 1, 1, "none"),
    ("Зайцева", "Алина", "Романовна", "vospitatel", 0.5, 0.5, "none"),
    ("Соловьёва", "Полина", "Игоревна", "vospitatel", 2, 2, "none"),
    ("Борисова", "Виктория", "Алексеевна", "vospitatel", 1.5, 1.5, "none"),
    ("Яковлева", "Екатерина", "Денисовна", "muz_rukovoditel", 1, 1, "none"),
    ("Григорьева", "Кристина", "Максимовна", "instruktor_fk", 2.5, 2.5, "none"),
    ("Романова", "Софья", "Евгеньевна", "vospitatel", 3, 1, "conformity"),
    ("Воробьёва", "Мария", "Константиновна", "logoped", 0.5, 0.5, "none"),
    ("Фролова", "Валентина", "Фёдоровна", "vospitatel", 4, 0.5, "conformity"),
    ("Александрова", "Евгения", "Владимировна", "vospitatel", 7, 0.5, "first"),
    ("Дмитриева", "Ангелина", "Сергеевна", "psiholog", 1, 1, "none"),
    ("Киселева", "Ирина", "Анатольевна", "vospitatel", 5, 5, "conformity"),
    ("Тарасова", "Лариса", "Ивановна", "vospitatel", 15, 2, "first"),
    ("Белова", "Нина", "Васильевна", "vospitatel", 30, 22, "highest"),
    ("Комарова", "Алёна", "Игоревна", "vospitatel", 2, 2, "none"),
    ("Медведева", "Ольга", "Юрьевна", "vospitatel", 10, 8, "first"),
    ("Антонова", "Диана", "Руслановна", "pdo", 1, 1, "none"),
    ("Ковалёва", "Татьяна", "Олеговна", "vospitatel", 18, 3, "highest"),
    ("Ильина", "Маргарита", "Сергеевна", "vospitatel", 0.5, 0.5, "none"),
    ("Гусева", "Элина", "Рустамовна", "tyutor", 3, 3, "none"),
    ("Титова", "Лидия", "Николаевна", "metodist", 20, 9, "methodist"),
]

# username → (staff surname, role)
LOGINS = {
    "head": ("Синицына", Role.HEAD),
    "curator": ("Королёва", Role.CURATOR),
    "psychologist": ("Лебедева", Role.PSYCHOLOGIST),
    "teacher": ("Захарова", Role.TEACHER),
    "mentor": ("Волкова", Role.TEACHER),
}


def build_organisation() -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        slug="ds30",
        defaults={
            "full_name": "БДОУ г. Омска «Центр развития ребенка – детский сад № 30»",
            "short_name": "Детский сад № 30",
            "address": "644000, г. Омск, ул. Лермонтова, д. 30",
            "city": "Омск",
            "head_name": "Синицына Светлана Викторовна",
            "head_position": "Заведующий",
            "site": "https://ds30.example.ru",
            "email": "ds30@example.ru",
            "phone": "+7 (3812) 00-00-30",
        },
    )
    return org


def build_staff(org: Organisation) -> dict[str, StaffMember]:
    staff = {}
    for index, (last, first, patronymic, position, total, here, category) in enumerate(STAFF):
        member, _ = StaffMember.objects.get_or_create(
            organisation=org,
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            defaults={
                "position": position,
                "experience_total": Decimal(str(total)),
                "experience_here": Decimal(str(here)),
                "category": category,
                # Came to teaching at 21–24: the federal age buckets and «до 35 лет со стажем
                # 0–3 года» of the roll-up and the annual return have something to count.
                "birth_date": dt.date(
                    2024 - 21 - index % 4 - int(total), 1 + index % 12, 1 + index % 27
                ),
                "education": "высшее педагогическое" if index % 3 else "среднее профессиональное",
                "email": f"staff{index + 1}@ds30.example.ru",
                "phone": f"+7 900 000-{index + 1:02d}-30",
            },
        )
        staff[last] = member
    return staff


def build_users(org: Organisation, staff: dict[str, StaffMember]) -> dict[str, User]:
    users = {}
    for username, (surname, role) in LOGINS.items():
        member = staff[surname]
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "organisation": org,
                "role": role,
                "first_name": member.first_name,
                "last_name": member.last_name,
                "patronymic": member.patronymic,
                "email": member.email,
                "is_staff": role in (Role.CURATOR, Role.HEAD),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        services.grant_admin_access(user=user)
        if member.user_id != user.pk:
            member.user = user
            member.save(update_fields=["user"])
        users[username] = user
    regional, created = User.objects.get_or_create(
        username="region",
        defaults={
            "role": Role.REGIONAL,
            "first_name": "Марина",
            "last_name": "Кравцова",
            "patronymic": "Олеговна",
        },
    )
    if created:
        regional.set_password(DEMO_PASSWORD)
        regional.save(update_fields=["password"])
    users["region"] = regional
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_superuser": True, "is_staff": True, "role": Role.CURATOR}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    users["admin"] = admin
    return users
