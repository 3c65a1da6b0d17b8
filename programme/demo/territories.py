"""The demo's territory (issue 24): «Омская область» with the municipality «г. Омск», the demo
kindergarten in it and four more kindergartens of the city, each with its staff and a programme
advanced to a different stage — so that the coordinators' roll-up has something to compare. The
«region» login reads the region, «methodist» (a municipal coordinator) the city.

The kindergartens are added by the methodist through the same service as her page (their
curators invited; the letters stay in memory in the demo); their records through the services
of the bases and the roadmap. Idempotent: found by their natural keys (the territory's name,
the kindergarten's slug, the staff member's name) before anything is made. Other parts find
them by the same keys («Омская область», «г. Омск», ds-omsk-12…), so keep them."""

import datetime as dt
from decimal import Decimal

from ..models import (
    MenteeProfile,
    MentorProfile,
    Organisation,
    Programme,
    StaffMember,
    Territory,
    User,
)
from ..models.bases import MenteeStatus, MentorStatus
from ..models.org import Role
from ..models.roadmap import ActivityStatus
from ..models.territories import TerritoryKind
from ..services import bases as bases_services
from ..services import roadmap as roadmap_services
from ..services import territories as territory_services
from .base import DemoContext
from .staff import DEMO_PASSWORD

REGION = "Омская область"
CITY = "г. Омск"
CITY_AUTHORITY = "Департамент образования Администрации города Омска"
REGION_AUTHORITY = "Министерство образования Омской области"

# slug → (number, stages done, overdue activities of the next stage, teachers)
KINDERGARTENS = {
    "ds-omsk-12": (12, 5, 0, 12),
    "ds-omsk-45": (45, 3, 2, 10),
    "ds-omsk-87": (87, 1, 3, 9),
    "ds-omsk-112": (112, 0, 1, 8),
}
STREETS = {12: "ул. Мира, д. 12", 45: "ул. Лермонтова, д. 45", 87: "пр. Маркса, д. 87",
           112: "ул. 70 лет Октября, д. 112"}  # fmt: skip
SURNAMES = ["Белкина", "Журавлёва", "Сорокина", "Голубева", "Виноградова", "Богданова",
            "Воронина", "Гусева", "Тихонова", "Комарова", "Осипова", "Медведева"]  # fmt: skip
FIRST = ["Анна", "Мария", "Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Дарья"]
PATRONYMICS = ["Сергеевна", "Ивановна", "Петровна", "Алексеевна", "Викторовна", "Олеговна"]
# teacher index → (total experience, age): mentors first (long experience), then the young.
PROFILE = [(24, 52), (18, 45), (12, 40), (27, 61), (9, 36), (6, 33), (4, 29), (2, 27), (1, 23),
           (0.5, 22), (3, 31), (15, 56)]  # fmt: skip
MENTORS, MENTEES = (0, 1, 2, 3), (6, 7, 8, 9, 10)


def build(ctx: DemoContext) -> None:
    region, _ = Territory.objects.get_or_create(
        name=REGION,
        parent=None,
        defaults={"kind": TerritoryKind.REGION, "authority": REGION_AUTHORITY},
    )
    city, _ = Territory.objects.get_or_create(
        name=CITY,
        parent=region,
        defaults={"kind": TerritoryKind.MUNICIPALITY, "authority": CITY_AUTHORITY},
    )
    if ctx.organisation.territory_id is None:
        ctx.organisation.territory = city
        ctx.organisation.save(update_fields=["territory"])
    region_user = ctx.users["region"]
    if region_user.territory_id is None:
        region_user.territory = region
        region_user.save(update_fields=["territory"])
    methodist = _methodist(city)
    ctx.users["methodist"] = methodist
    year = ctx.programme.year if ctx.programme else dt.date.today().year
    for slug, (number, done, overdue, teachers) in KINDERGARTENS.items():
        organisation = _kindergarten(methodist, city, slug, number)
        staff = _staff(organisation, number, teachers)
        programme = _programme(organisation, year, staff)
        _roadmap(programme, done=done, overdue=overdue)
        _bases(programme, staff, done=done)
    ctx.logins = [
        (username, password, who)
        for username, password, who in ctx.logins
        if username not in ("region", "methodist", "admin")
    ] + [
        ("region", DEMO_PASSWORD, "региональный координатор, Омская область (только чтение)"),
        ("methodist", DEMO_PASSWORD, "муниципальный координатор (методист), г. Омск"),
        ("admin", DEMO_PASSWORD, "суперпользователь (администрирование)"),
    ]


def _methodist(city: Territory) -> User:
    user, created = User.objects.get_or_create(
        username="methodist",
        defaults={
            "role": Role.REGIONAL,
            "territory": city,
            "first_name": "Оксана",
            "last_name": "Ветрова",
            "patronymic": "Игоревна",
            "email": "methodist@omsk-obr.example.ru",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _kindergarten(methodist: User, city: Territory, slug: str, number: int) -> Organisation:
    found = Organisation.objects.filter(slug=slug).first()
    if found is not None:
        return found
    return territory_services.kindergarten_add(
        by=methodist,
        municipality=city,
        full_name=f"БДОУ г. Омска «Детский сад № {number}»",
        short_name=f"Детский сад № {number}",
        slug=slug,
        address=f"г. Омск, {STREETS[number]}",
        head_name=f"{SURNAMES[number % 12]} {FIRST[number % 8]} {PATRONYMICS[number % 6]}",
        email=f"{slug}@omsk-ds.example.ru",
        curator=territory_services.Curator(
            last_name=SURNAMES[(number + 3) % 12],
            first_name=FIRST[(number + 1) % 8],
            patronymic=PATRONYMICS[(number + 2) % 6],
            email=f"curator.{slug}@omsk-ds.example.ru",
        ),
    )


def _staff(organisation: Organisation, number: int, teachers: int) -> list[StaffMember]:
    today = dt.date.today()
    staff = []
    for index in range(teachers):
        total, age = PROFILE[index]
        member, _ = StaffMember.objects.get_or_create(
            organisation=organisation,
            last_name=SURNAMES[(index + number) % 12],
            first_name=FIRST[(index * 3 + number) % 8],
            defaults={
                "patronymic": PATRONYMICS[(index + number) % 6],
                "position": "vospitatel",
                "experience_total": Decimal(str(total)),
                "experience_here": Decimal(str(min(total, 5))),
                "category": "highest" if total >= 15 else "first" if total >= 5 else "none",
                "birth_date": today.replace(month=1, day=15) - dt.timedelta(days=365 * age),
                "email": f"t{index + 1}.{organisation.slug}@omsk-ds.example.ru",
            },
        )
        staff.append(member)
    return staff


def _programme(organisation: Organisation, year: int, staff: list[StaffMember]) -> Programme:
    found = Programme.objects.filter(organisation=organisation, year=year).first()
    if found is not None:
        return found
    curator = StaffMember.objects.filter(
        organisation=organisation, position="starshiy_vospitatel"
    ).first()
    return roadmap_services.programme_create(
        organisation=organisation,
        year=year,
        title=f"Программа наставничества педагогических работников на {year} год",
        curator=curator,
        forms=["teacher_teacher", "group"],
        default_capacity=2,
        council_protocol_number="1",
    )


def _roadmap(programme: Programme, *, done: int, overdue: int) -> None:
    """Every activity of the first `done` stages done; `overdue` activities of the next stage
    past their date, one more in work."""
    if programme.activities.exclude(status=ActivityStatus.PLANNED).exists():
        return
    start = dt.date(programme.year, 1, 15)
    activities = list(
        programme.activities.select_related("stage").order_by("stage__number", "order")
    )
    for activity in activities:
        if activity.stage.number <= done:
            roadmap_services.activity_update(
                activity=activity,
                status=ActivityStatus.DONE,
                completed_on=start + dt.timedelta(days=20 * activity.stage.number),
            )
    following = [a for a in activities if a.stage.number == done + 1]
    for position, activity in enumerate(following[: overdue + 1]):
        late = position < overdue
        roadmap_services.activity_update(
            activity=activity,
            status=ActivityStatus.PLANNED if late else ActivityStatus.IN_PROGRESS,
            due_on=dt.date.today() - dt.timedelta(days=10) if late else None,
        )


def _bases(programme: Programme, staff: list[StaffMember], *, done: int) -> None:
    """From stage 2 on the mentees are in the base, from stage 4 the mentors are ready."""
    if done < 1 or MenteeProfile.objects.filter(programme=programme).exists():
        return
    for index in MENTEES:
        if index < len(staff):
            mentee = bases_services.mentee_add(programme=programme, staff=staff[index])
            if done >= 2:
                bases_services.mentee_set_status(
                    mentee, MenteeStatus.INCLUDED, on=dt.date(programme.year, 3, 1)
                )
    if done < 2 or MentorProfile.objects.filter(programme=programme).exists():
        return
    for index in MENTORS:
        mentor = bases_services.mentor_add(programme=programme, staff=staff[index])
        if done >= 3:
            bases_services.mentor_set_status(mentor, MentorStatus.READY)
