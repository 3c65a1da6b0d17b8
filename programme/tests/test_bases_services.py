"""Rules of the mentee and mentor bases, at the service level."""

import datetime as dt

import pytest

from programme.catalogue import DEFAULT_COMPETENCIES
from programme.exceptions import DomainError
from programme.models import Competency, MenteeProfile, MentorProfile
from programme.models.bases import MenteeStatus, MentorStatus
from programme.services import bases as services
from tests.factories import (
    CompetencyFactory,
    MenteeProfileFactory,
    MenteeRequestFactory,
    MentorProfileFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.django_db


def test_mentor_capacity_of_zero_is_refused_in_russian(programme):
    mentor = MentorProfileFactory(programme=programme)

    with pytest.raises(DomainError, match="не меньше одного наставляемого"):
        services.mentor_update(profile=mentor, capacity=0)

    mentor.refresh_from_db()
    assert mentor.capacity is None


def test_mentor_capacity_above_the_programme_default_is_refused_in_russian(programme):
    mentor = MentorProfileFactory(programme=programme)

    with pytest.raises(DomainError, match="не может быть больше, чем установлено программой: 2"):
        services.mentor_update(profile=mentor, capacity=programme.default_capacity + 1)

    mentor.refresh_from_db()
    assert mentor.capacity is None


def test_mentor_capacity_within_the_programme_default_is_kept(programme):
    mentor = MentorProfileFactory(programme=programme)

    services.mentor_update(profile=mentor, capacity=1)

    mentor.refresh_from_db()
    assert mentor.capacity == 1
    assert mentor.effective_capacity == 1


def test_mentor_status_cannot_become_mentor_without_the_351_8_consent_date(programme):
    mentor = MentorProfileFactory(programme=programme, status=MentorStatus.READY)

    with pytest.raises(DomainError, match=r"ст\. 351\.8 ТК РФ"):
        services.mentor_set_status(mentor, MentorStatus.MENTOR)

    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.READY


def test_mentor_status_becomes_mentor_with_the_consent_date_and_records_when(programme):
    mentor = MentorProfileFactory(
        programme=programme, status=MentorStatus.READY, labour_consent_on=dt.date(2024, 3, 1)
    )

    services.mentor_set_status(mentor, MentorStatus.MENTOR)

    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.MENTOR
    assert mentor.status_changed_at is not None


def test_consent_date_cannot_be_removed_from_a_mentor_in_status_mentor(programme):
    mentor = MentorProfileFactory(
        programme=programme, status=MentorStatus.MENTOR, labour_consent_on=dt.date(2024, 3, 1)
    )

    with pytest.raises(DomainError, match=r"351\.8"):
        services.mentor_update(profile=mentor, labour_consent_on=None)


def test_a_mentee_cannot_be_added_to_the_mentor_base_of_the_same_programme(programme):
    mentee = MenteeProfileFactory(programme=programme)

    with pytest.raises(DomainError, match="одновременно наставником и наставляемым"):
        services.mentor_add(programme=programme, staff=mentee.staff)

    assert not MentorProfile.objects.filter(staff=mentee.staff).exists()


def test_dropping_a_mentee_needs_a_reason(programme):
    mentee = MenteeProfileFactory(programme=programme, status=MenteeStatus.INCLUDED)

    with pytest.raises(DomainError, match="укажите причину выбытия"):
        services.mentee_set_status(mentee, MenteeStatus.DROPPED, reason="  ")

    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.INCLUDED


def test_dropping_a_mentee_records_date_and_reason(programme):
    mentee = MenteeProfileFactory(programme=programme)
    services.mentee_set_status(mentee, MenteeStatus.INCLUDED, on=dt.date(2024, 2, 20))

    services.mentee_set_status(
        mentee, MenteeStatus.DROPPED, on=dt.date(2024, 5, 1), reason="Уволилась"
    )

    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.DROPPED
    assert mentee.included_on == dt.date(2024, 2, 20)
    assert mentee.left_on == dt.date(2024, 5, 1)
    assert mentee.left_reason == "Уволилась"
    assert mentee.status_changed_at is not None


def test_drop_date_before_inclusion_is_refused(programme):
    mentee = MenteeProfileFactory(programme=programme)
    services.mentee_set_status(mentee, MenteeStatus.INCLUDED, on=dt.date(2024, 2, 20))

    with pytest.raises(DomainError, match="раньше даты включения"):
        services.mentee_set_status(
            mentee, MenteeStatus.DROPPED, on=dt.date(2024, 1, 1), reason="Ошибка"
        )


def test_bulk_include_is_all_or_nothing(programme):
    ready = MenteeProfileFactory.create_batch(2, programme=programme)
    finished = MenteeProfileFactory(programme=programme, status=MenteeStatus.COMPLETED)

    with pytest.raises(DomainError, match="включать в базу заново не нужно"):
        services.mentees_set_status_bulk(
            programme=programme,
            mentee_ids=[m.pk for m in [*ready, finished]],
            status=MenteeStatus.INCLUDED,
        )

    assert set(
        MenteeProfile.objects.filter(pk__in=[m.pk for m in ready]).values_list("status", flat=True)
    ) == {MenteeStatus.CANDIDATE}


def test_bulk_include_refuses_a_mentee_of_another_programme(programme, other_org):
    own = MenteeProfileFactory(programme=programme)
    foreign = MenteeProfileFactory(programme__organisation=other_org)

    with pytest.raises(DomainError, match="нет в базе этой программы"):
        services.mentees_set_status_bulk(
            programme=programme, mentee_ids=[own.pk, foreign.pk], status=MenteeStatus.INCLUDED
        )

    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.status == foreign.status == MenteeStatus.CANDIDATE


def test_mentee_update_replaces_requests_and_keeps_rows_that_stay(programme, org):
    mentee = MenteeProfileFactory(programme=programme)
    kept = MenteeRequestFactory(mentee=mentee, priority=3)
    removed = MenteeRequestFactory(mentee=mentee)
    added = CompetencyFactory(organisation=org, name="Проектная деятельность")

    services.mentee_update(
        profile=mentee,
        category="young",
        note="Нужна поддержка",
        requests=[
            {"competency": kept.competency, "priority": 1, "note": "", "source": "curator"},
            {"competency": added, "priority": 2, "note": "по итогам беседы", "source": "own"},
        ],
    )

    rows = {r.competency_id: r for r in mentee.requests.all()}
    assert set(rows) == {kept.competency_id, added.pk}
    assert rows[kept.competency_id].pk == kept.pk
    assert rows[kept.competency_id].priority == 1
    assert rows[added.pk].note == "по итогам беседы"
    assert not mentee.requests.filter(pk=removed.pk).exists()


def test_mentee_update_refuses_a_competency_of_another_organisation(programme, other_org):
    mentee = MenteeProfileFactory(programme=programme)
    foreign = CompetencyFactory(organisation=other_org)

    with pytest.raises(DomainError, match="другой организации"):
        services.mentee_update(
            profile=mentee, requests=[{"competency": foreign, "priority": 1, "source": "own"}]
        )


def test_loading_default_competencies_adds_only_the_missing_ones(org):
    Competency.objects.filter(organisation=org).delete()
    CompetencyFactory(organisation=org, name=DEFAULT_COMPETENCIES[0])

    added = services.competencies_load_defaults(organisation=org)
    again = services.competencies_load_defaults(organisation=org)

    assert added == len(DEFAULT_COMPETENCIES) - 1
    assert again == 0
    assert Competency.objects.filter(organisation=org).count() == len(DEFAULT_COMPETENCIES)


def test_competency_names_are_unique_in_an_organisation(org):
    CompetencyFactory(organisation=org, name="Работа с родителями")

    with pytest.raises(DomainError, match="уже есть в каталоге"):
        services.competency_save(organisation=org, name="работа с родителями")


def test_a_competency_saved_by_another_curator_meanwhile_is_refused_in_russian(org, monkeypatch):
    CompetencyFactory(organisation=org, name="Работа с родителями")
    # The other curator's save lands between this one's check and its insert.
    monkeypatch.setattr(services, "_competency_name_taken", lambda *args: False)

    with pytest.raises(DomainError, match="уже есть в каталоге"):
        services.competency_save(organisation=org, name="Работа с родителями")
    assert Competency.objects.filter(organisation=org, name="Работа с родителями").count() == 1


def test_mentor_update_keeps_competency_levels_and_forms(programme, org):
    mentor = MentorProfileFactory(programme=programme)
    ict = CompetencyFactory(organisation=org, name="ИКТ")

    services.mentor_update(
        profile=mentor,
        competencies=[(ict, 3)],
        preferred_forms=["teacher_teacher", "virtual"],
        labour_consent_on=dt.date(2024, 3, 1),
        addendum_term="с 01.03.2024 по 31.12.2024",
        addendum_pay="доплата 10% оклада",
    )

    mentor.refresh_from_db()
    assert [(c.competency.name, c.level) for c in mentor.competencies.all()] == [("ИКТ", 3)]
    assert mentor.preferred_forms == ["teacher_teacher", "virtual"]
    assert mentor.addendum_pay == "доплата 10% оклада"


def test_a_teacher_of_another_organisation_cannot_enter_the_base(programme, other_org):
    stranger = StaffMemberFactory(organisation=other_org)

    with pytest.raises(DomainError, match="другой организации"):
        services.mentee_add(programme=programme, staff=stranger)
