"""Builders of stage 6: active pairs fixed by a registered order, logins for their people, and
meetings, plans and feedback rounds made through the services."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from pairing.models import Pairing
from pairing.services import meetings as meeting_services
from pairing.services import orders as order_services
from pairing.services import plans as plan_services
from programme.models import Competency, StaffMember

from .factories import UserFactory
from .factories_pairing import MembershipFactory, PairingFactory, included_mentee, ready_mentor


def confirmed_pairing(programme, mentor_name: str, *mentee_names: str, **pairing) -> Pairing:
    mentor = ready_mentor(programme, {}, last_name=mentor_name, phone="+7 900 000-00-01")
    made = PairingFactory(mentor=mentor, confirmed_at=timezone.now(), **pairing)
    competency = Competency.objects.filter(organisation=programme.organisation).first()
    for name in mentee_names:
        requests = {competency: 1} if competency else {}
        mentee = included_mentee(programme, requests, last_name=name)
        MembershipFactory(pairing=made, mentee=mentee, joined_on=made.starts_on)
    return made


def register(programme, curator, *, number="45-о", date=dt.date(2024, 9, 2), plans_due_on=None):
    """Fix every confirmed pair by a registered order (the pairs become active)."""
    order = order_services.order_draft(programme=programme, by=curator)
    order_services.order_update(
        order=order,
        number=number,
        date=date,
        plans_due_on=plans_due_on or dt.date(2024, 10, 1),
    )
    return order_services.order_register(order=order, by=curator)


def active_pairs(programme, curator, count: int, *, group_of: int = 1) -> list[Pairing]:
    """`count` active pairs: mentor «Наставник{i}» with mentees «Наставляемая{i}-{k}»."""
    made = [
        confirmed_pairing(
            programme,
            f"Наставник{i}",
            *[f"Наставляемая{i}-{k}" for k in range(group_of)],
            form="group" if group_of > 1 else "teacher_teacher",
        )
        for i in range(count)
    ]
    register(programme, curator)
    for pairing in made:
        pairing.refresh_from_db()
    return made


def login(staff: StaffMember, *, username: str | None = None) -> Client:
    """A teacher's login for a staff card, and a client signed in with it."""
    if staff.user_id is None:
        user = UserFactory(
            username=username or f"t{staff.pk}",
            organisation=staff.organisation,
            role="teacher",
            last_name=staff.last_name,
        )
        staff.user = user
        staff.save(update_fields=["user"])
    client = Client()
    client.force_login(staff.user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def mentee_of(pairing: Pairing) -> StaffMember:
    return pairing.members.select_related("mentee__staff").first().mentee.staff


def at(day: dt.date, hour: int = 14, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def meeting(pairing: Pairing, kind: str = "organisational", day=dt.date(2024, 9, 10), **data):
    made, _warning = meeting_services.meeting_create(
        pairing=pairing,
        kind=kind,
        starts_at=data.pop("starts_at", at(day)),
        duration=data.pop("duration", 60),
        place=data.pop("place", "Методический кабинет"),
        topic=data.pop("topic", "Знакомство"),
        by=None,
        **data,
    )
    return made


def held(pairing: Pairing, kind: str, day: dt.date, **data):
    made = meeting(pairing, kind, day, **data)
    meeting_services.meeting_record(meeting=made, held=True, notes="Обсудили", result="Итог")
    return made


def plan_with_rows(pairing: Pairing, rows: int = 2, *, approve_by=None):
    """A plan of the pair's first mentee with `rows` activities; approved if `approve_by`."""
    membership = pairing.members.first()
    plan = plan_services.plan_create(membership=membership, by=None)
    plan_services.plan_update(
        plan=plan, deficits=plan.deficits or "Работа с родителями", goal="Цель", tasks="Задачи"
    )
    for i in range(rows):
        plan_services.plan_activity_save(
            plan=plan,
            content=f"Мероприятие {i + 1}: консультация по планированию",
            kind="consultation",
            starts_on=dt.date(2024, 10, 1),
            due_on=dt.date(2024, 10, 31),
            responsible="both",
        )
    if approve_by is not None:
        plan_services.plan_submit(plan=plan)
        plan_services.plan_approve(plan=plan, by=approve_by)
    plan.refresh_from_db()
    return plan
