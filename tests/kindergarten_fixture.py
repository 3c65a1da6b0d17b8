"""The kindergarten the route sweeps open: named data in every part (a teacher «Секретова»
in the bases, events, answers, consents and awards), and the ids the routes ask for. Loaded
for every test module by the root conftest (`pytest_plugins`)."""

import pytest

SECRET = "Секретова"


@pytest.fixture
def kindergarten(programme, curator):
    """A kindergarten with named data everywhere, and the ids the routes ask for."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from programme import services
    from programme.services.training import material_add
    from surveys.models import ConsentChannel, ConsentKind, QuestionnaireKind
    from surveys.services import consents, invitations
    from tests.factories import MenteeProfileFactory, MentorProfileFactory, StaffMemberFactory
    from tests.factories_assessment import AssessmentRoundFactory
    from tests.files import pdf_bytes

    secret = StaffMemberFactory(
        organisation=programme.organisation,
        last_name=SECRET,
        phone="+7 913 000-00-00",
        birth_date=dt.date(1990, 1, 1),
    )
    mentee = MenteeProfileFactory(programme=programme, staff=secret)
    mentor = MentorProfileFactory(programme=programme)
    event = services.event_create(
        programme=programme,
        kind="informing",
        title="Педагогический час",
        starts_at=timezone.make_aware(dt.datetime(2024, 2, 6, 14, 0)),
        invitees=[secret],
    )
    attachment = services.event_add_attachment(
        event=event, upload=SimpleUploadedFile(f"{SECRET}.pdf", pdf_bytes())
    )
    material = material_add(
        programme=programme, title="Методичка", upload=SimpleUploadedFile("m.pdf", pdf_bytes())
    )
    consent = consents.consent_give(
        staff=secret,
        kind=ConsentKind.PROCESSING,
        channel=ConsentChannel.PAPER,
        scan=SimpleUploadedFile("scan.pdf", pdf_bytes()),
        recorded_by=curator,
    )
    assessment_round = AssessmentRoundFactory(programme=programme)
    satisfaction = programme.questionnaires.get(kind=QuestionnaireKind.SATISFACTION)
    intake = programme.questionnaires.get(kind=QuestionnaireKind.MENTEE_INTAKE)
    created, _ = invitations.invitations_create(
        questionnaire=intake,
        staff=[secret],
        by=curator,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    from reports.models import Award, Nomination

    nomination = Nomination.objects.create(
        programme=programme, kind="best_mentor", title="Лучший наставник"
    )
    award = Award.objects.create(nomination=nomination, staff=secret)
    return {
        "pk": programme.pk,
        "event_pk": event.pk,
        "nomination_pk": nomination.pk,
        "award_pk": award.pk,
        "attachment_pk": attachment.pk,
        "material_pk": material.pk,
        "mentee_pk": mentee.pk,
        "mentor_pk": mentor.pk,
        "staff_id": secret.pk,
        "consent_id": consent.pk,
        "invitation_id": created[0].pk,
        "round_pk": assessment_round.pk,
        "qid": satisfaction.pk,
        "intake": intake.pk,
    }
