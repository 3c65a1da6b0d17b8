"""The demo's expert, material and a training session attended by the mentors in training."""

import datetime as dt

from ..models import Expert, Material, MentorProfile, TrainingSession
from ..models.bases import MentorStatus
from ..services import training


def build(ctx) -> None:
    programme = ctx.programme
    expert = Expert.objects.filter(
        organisation=programme.organisation, full_name="Кравцова Марина Олеговна"
    ).first() or training.expert_save(
        organisation=programme.organisation,
        programme=programme,
        full_name="Кравцова Марина Олеговна",
        organisation_name="БОУ ДПО «Институт развития образования Омской области»",
        position="методист",
        contacts="kravtsova@example.ru",
    )
    title = "Методические рекомендации по внедрению целевой модели наставничества"
    material = Material.objects.filter(programme=programme, title=title).first()
    if material is None:
        material = training.material_add(
            programme=programme, title=title, url="https://example.ru/nastavnichestvo.pdf"
        )
    if TrainingSession.objects.filter(programme=programme).exists():
        return
    session = training.session_save(
        programme=programme,
        date=dt.date(2024, 4, 3),
        topic="Роль наставника: цели, формы и этапы работы в паре",
        expert=expert,
        materials=[material],
        place="Методический кабинет",
    )
    trainees = MentorProfile.objects.filter(
        programme=programme, status=MentorStatus.TRAINING
    ).values_list("pk", flat=True)
    if trainees:
        training.attendance_save(session=session, attended_mentor_ids=list(trainees))
