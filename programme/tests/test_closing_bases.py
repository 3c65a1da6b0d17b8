"""Stage 7 in the bases: a confirmed outcome is written into the mentor's and the mentees'
bases (7.7); the long-term mentor base is carried into next year's programme with
«Копировать на следующий год», without a single pair (7.8); last year's mentees who finished
are proposed as mentor candidates by the local rule."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pairing.models import GoalResult, Pairing, PairingStatus
from pairing.services import outcomes as outcome_services
from pairing.services import pairings as pairing_services
from programme.exceptions import DomainError
from programme.models import MenteeProfile, MentorCompetency, MentorProfile, OutcomeEntry
from programme.models.bases import MenteeStatus, MentorStatus, OutcomeRole
from programme.models.roadmap import ActivityStatus
from programme.selectors.bases import mentor_candidates_from_mentees
from programme.services import programme_copy_to_next_year
from programme.services.bases import mentor_candidate_add, mentor_long_term_set
from tests.factories import CompetencyFactory, MentorCompetencyFactory, MentorProfileFactory
from tests.factories_pair_work import active_pairs, held, mentee_of


def _finish(pairing, curator, result=GoalResult.FULL):
    outcome_services.outcome_record(
        pairing=pairing, by=curator, result=result, conclusion="Цель достигнута: занятия сама"
    )
    return outcome_services.outcome_confirm(pairing=pairing, by=curator)


@pytest.fixture
def pairs(programme, curator):
    return active_pairs(programme, curator, 2)


def _activity(programme, code):
    return programme.activities.get(code=code)


# --- 7.7: outcomes into the bases ----------------------------------------------------------


def test_a_confirmed_outcome_is_written_into_both_bases(programme, curator, pairs):
    pairing = pairs[0]
    held(pairing, "final", dt.date(2025, 4, 30))
    pairing.refresh_from_db()
    assert pairing.status == PairingStatus.COMPLETED
    mentee = mentee_of(pairing)

    _finish(pairing, curator)

    mentor_row = OutcomeEntry.objects.get(staff=pairing.mentor.staff, role=OutcomeRole.MENTOR)
    mentee_row = OutcomeEntry.objects.get(staff=mentee, role=OutcomeRole.MENTEE)
    assert mentor_row.programme == programme and mentor_row.pairing_ref == pairing.pk
    assert mentor_row.result == "full" and mentor_row.partners == mentee.short_name
    assert mentee_row.partners == pairing.mentor.staff.short_name
    assert mentee_row.ended_on == dt.date(2025, 4, 30) and not mentee_row.ended_early
    assert "занятия сама" in mentee_row.conclusion
    assert MenteeProfile.objects.get(programme=programme, staff=mentee).status == (
        MenteeStatus.COMPLETED
    )


def test_a_returned_outcome_leaves_the_bases_and_a_new_confirm_rewrites_it(
    programme, curator, pairs
):
    pairing = pairs[0]
    held(pairing, "final", dt.date(2025, 4, 30))
    _finish(pairing, curator)
    outcome_services.outcome_return(pairing=pairing, by=curator, note="уточните")
    assert not OutcomeEntry.objects.filter(pairing_ref=pairing.pk).exists()

    _finish(pairing, curator, result=GoalResult.PARTIAL)
    _finish_again = OutcomeEntry.objects.filter(pairing_ref=pairing.pk)
    assert _finish_again.count() == 2  # one per person, never two
    assert set(_finish_again.values_list("result", flat=True)) == {"partial"}


def test_7_7_closes_when_every_ended_pair_has_its_outcome_in_the_bases(programme, curator, pairs):
    first, second = pairs
    held(first, "final", dt.date(2025, 4, 30))
    pairing_services.pairing_terminate(pairing=second, on=dt.date(2025, 3, 14), reason="перевод")
    _finish(first, curator)
    assert _activity(programme, "7.7").status != ActivityStatus.DONE

    _finish(second, curator, result=GoalResult.NOT_ACHIEVED)

    activity = _activity(programme, "7.7")
    assert activity.status == ActivityStatus.DONE
    assert activity.evidence_url == reverse("programme:mentee_list", args=[programme.pk])
    early = OutcomeEntry.objects.get(pairing_ref=second.pk, role=OutcomeRole.MENTEE)
    assert early.ended_early
    # an early end is not «программа завершена»
    assert MenteeProfile.objects.get(programme=programme, staff=early.staff).status != (
        MenteeStatus.COMPLETED
    )


# --- 7.8: the long-term mentor base --------------------------------------------------------


@pytest.fixture
def finished_year(programme, curator, pairs):
    """Two pairs: the first mentor agrees to stay (with two competencies), the second not."""
    stays, leaves = (p.mentor for p in pairs)
    comps = [CompetencyFactory(organisation=programme.organisation, name=f"К{i}") for i in (1, 2)]
    MentorCompetency.objects.filter(mentor=stays).delete()
    for comp in comps:
        MentorCompetencyFactory(mentor=stays, competency=comp, level=3)
    stays.achievements = "Победитель конкурса «Воспитатель года»"
    stays.capacity = 1
    stays.save()
    mentor_long_term_set(profile=stays, agreed=True)
    return stays, leaves


def test_copying_keeps_the_long_term_mentors_and_none_of_the_pairs(programme, finished_year):
    stays, leaves = finished_year

    new = programme_copy_to_next_year(programme=programme)

    carried = MentorProfile.objects.get(programme=new)
    assert carried.staff == stays.staff
    assert carried.status == MentorStatus.LONG_TERM
    assert carried.long_term_agreed and carried.long_term_agreed_on
    assert carried.achievements == stays.achievements and carried.capacity == 1
    assert {(c.competency.name, c.level) for c in carried.competencies.all()} == {
        ("К1", 3),
        ("К2", 3),
    }
    assert not MentorProfile.objects.filter(programme=new, staff=leaves.staff).exists()
    assert not Pairing.objects.filter(programme=new).exists()
    assert not MenteeProfile.objects.filter(programme=new).exists()
    # 7.8 of the finished year closes from the data, with next year's base as evidence
    activity = _activity(programme, "7.8")
    assert activity.status == ActivityStatus.DONE
    assert reverse("programme:mentor_list", args=[new.pk]) in activity.evidence_url


def test_a_second_click_on_copy_duplicates_nothing(programme, finished_year):
    new = programme_copy_to_next_year(programme=programme)
    with pytest.raises(DomainError, match="уже создана"):
        programme_copy_to_next_year(programme=programme)
    assert MentorProfile.objects.filter(programme=new).count() == 1


def test_a_mentor_who_did_not_agree_is_not_copied(programme, finished_year):
    stays, _leaves = finished_year
    mentor_long_term_set(profile=stays, agreed=False)
    new = programme_copy_to_next_year(programme=programme)
    assert not MentorProfile.objects.filter(programme=new).exists()
    assert _activity(programme, "7.8").status != ActivityStatus.DONE


def test_the_curator_ticks_the_agreement_on_the_mentor_card(curator_client, programme):
    mentor = MentorProfileFactory(programme=programme)
    url = reverse("programme:mentor_edit", args=[programme.pk, mentor.pk])
    page = curator_client.get(url)
    assert "Согласен остаться в долгосрочной базе наставников" in page.content.decode()
    data = {
        "long_term_agreed": "on",
        "labour_basis": "consent",
        "competencies-TOTAL_FORMS": "0",
        "competencies-INITIAL_FORMS": "0",
    }
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    mentor.refresh_from_db()
    assert mentor.long_term_agreed and mentor.long_term_agreed_on


# --- former mentees proposed as mentor candidates -------------------------------------------


def _experienced(staff, years):
    staff.experience_total = Decimal(years)
    staff.save(update_fields=["experience_total"])


def test_finished_mentees_with_the_experience_are_proposed_with_the_reason(
    programme, curator, pairs, curator_client
):
    first, second = pairs
    held(first, "final", dt.date(2025, 4, 30))
    held(second, "final", dt.date(2025, 4, 30))
    _finish(first, curator, GoalResult.FULL)
    _finish(second, curator, GoalResult.FULL)
    fits, too_young = mentee_of(first), mentee_of(second)
    _experienced(fits, 6)
    _experienced(too_young, 2)
    new = programme_copy_to_next_year(programme=programme)

    candidates = mentor_candidates_from_mentees(programme=new)
    assert [c.staff for c in candidates] == [fits]
    assert "достигнута полностью" in candidates[0].reason and "6\u00a0лет" in candidates[0].reason

    page = curator_client.get(reverse("programme:mentor_candidates", args=[new.pk]))
    assert fits.full_name in page.content.decode()
    assert too_young.full_name not in page.content.decode()

    add = reverse("programme:mentor_candidate_add", args=[new.pk])
    assert curator_client.post(add, {"staff": fits.pk}).status_code == 302
    added = MentorProfile.objects.get(programme=new, staff=fits)
    assert added.status == MentorStatus.CANDIDATE
    curator_client.post(add, {"staff": fits.pk})  # a second click
    assert MentorProfile.objects.filter(programme=new, staff=fits).count() == 1
    with pytest.raises(DomainError, match="стаж"):
        mentor_candidate_add(programme=new, staff=too_young)
