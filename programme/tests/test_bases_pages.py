"""Pages of the competency catalogue, the mentee and mentor bases and their comparison."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programme.models import (
    Competency,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    StaffMember,
)
from programme.models.bases import MenteeStatus, MentorStatus
from surveys.models import Consent
from surveys.services.consents import consent_give
from tests.factories import (
    CompetencyFactory,
    MenteeProfileFactory,
    MenteeRequestFactory,
    MentorCompetencyFactory,
    MentorProfileFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentee(programme):
    profile = MenteeProfileFactory(programme=programme, staff__last_name="Захарова")
    MenteeRequestFactory(mentee=profile, competency__name="Ведение документации")
    return profile


@pytest.fixture
def mentor(programme):
    profile = MentorProfileFactory(programme=programme, staff__last_name="Волкова")
    MentorCompetencyFactory(mentor=profile, competency__name="Проектная деятельность")
    return profile


@pytest.fixture
def competency(org):
    return CompetencyFactory(organisation=org, name="Работа с детьми с ОВЗ")


def _urls(programme, mentee, mentor, competency):
    """Every page of the bases: (method, url)."""
    p, e, m = programme.pk, mentee.pk, mentor.pk
    return [
        ("get", reverse("programme:mentee_list", args=[p])),
        ("get", reverse("programme:mentee_add", args=[p])),
        ("post", reverse("programme:mentee_add", args=[p])),
        ("post", reverse("programme:mentee_bulk", args=[p])),
        ("get", reverse("programme:mentee_analysis", args=[p])),
        ("get", reverse("programme:mentee_edit", args=[p, e])),
        ("post", reverse("programme:mentee_edit", args=[p, e])),
        ("post", reverse("programme:mentee_status", args=[p, e])),
        ("get", reverse("programme:mentor_list", args=[p])),
        ("get", reverse("programme:mentor_add", args=[p])),
        ("post", reverse("programme:mentor_add", args=[p])),
        ("get", reverse("programme:mentor_edit", args=[p, m])),
        ("post", reverse("programme:mentor_edit", args=[p, m])),
        ("post", reverse("programme:mentor_status", args=[p, m])),
        ("get", reverse("programme:comparison", args=[p])),
        ("get", reverse("programme:competency_edit", args=[competency.pk])),
        ("post", reverse("programme:competency_edit", args=[competency.pk])),
        ("post", reverse("programme:competency_toggle", args=[competency.pk])),
    ]


def test_curator_of_another_organisation_gets_404_on_every_page_of_the_bases(
    other_curator_client, programme, mentee, mentor, competency
):
    for method, url in _urls(programme, mentee, mentor, competency):
        response = getattr(other_curator_client, method)(url, {"status": "mentor"})
        assert response.status_code == 404, (method, url)
    mentor.refresh_from_db()
    competency.refresh_from_db()
    assert mentor.status == MentorStatus.CANDIDATE
    assert competency.is_active


def test_teacher_is_refused_every_page_of_the_bases(
    teacher_client, programme, mentee, mentor, competency
):
    urls = _urls(programme, mentee, mentor, competency)
    urls += [
        ("get", reverse("programme:competency_list")),
        ("post", reverse("programme:competency_load_defaults")),
    ]
    for method, url in urls:
        response = getattr(teacher_client, method)(url)
        assert response.status_code == 403, (method, url)


def test_anonymous_visitor_is_sent_to_login(client, programme):
    response = client.get(reverse("programme:mentee_list", args=[programme.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_regional_coordinator_neither_reads_nor_changes_the_named_bases(
    regional_client, programme, mentee, mentor
):
    # Figures, not people (issue 11): the bases name teachers with their requests.
    for name in ("mentee_list", "mentor_list", "comparison", "mentee_analysis"):
        assert (
            regional_client.get(reverse(f"programme:{name}", args=[programme.pk])).status_code
            == 403
        )
    response = regional_client.post(
        reverse("programme:mentor_status", args=[programme.pk, mentor.pk]), {"status": "ready"}
    )
    assert response.status_code == 403


def _people(org, programme, count, *, first=0):
    staff = StaffMember.objects.bulk_create(
        StaffMember(
            organisation=org,
            last_name=f"Педагогова{first + i}",
            first_name="Анна",
            position="vospitatel",
        )
        for i in range(count)
    )
    return staff


def _add_mentees(org, programme, count, *, first=0):
    competencies = [CompetencyFactory(organisation=org, name=f"Дефицит {i}") for i in range(3)]
    staff = _people(org, programme, count, first=first)
    mentees = MenteeProfile.objects.bulk_create(
        MenteeProfile(programme=programme, staff=s, category="young", preferred_mentor=staff[0])
        for s in staff
    )
    MenteeRequest.objects.bulk_create(
        MenteeRequest(mentee=m, competency=c, priority=1 + i)
        for m in mentees
        for i, c in enumerate(competencies)
    )


def _add_mentors(org, programme, count, *, first=0):
    competencies = [
        CompetencyFactory(organisation=org, name=f"Сильная сторона {i}") for i in range(2)
    ]
    staff = _people(org, programme, count, first=first)
    mentors = MentorProfile.objects.bulk_create(
        MentorProfile(programme=programme, staff=s) for s in staff
    )
    MentorCompetency.objects.bulk_create(
        MentorCompetency(mentor=m, competency=c) for m in mentors for c in competencies
    )


def _queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name, add", [("mentee_list", _add_mentees), ("mentor_list", _add_mentors)]
)
def test_base_list_query_count_is_the_same_for_10_and_300_people(
    curator_client, programme, org, name, add
):
    url = reverse(f"programme:{name}", args=[programme.pk])
    add(org, programme, 10)
    with_10 = _queries_for(curator_client, url)

    add(org, programme, 290, first=10)
    with_300 = _queries_for(curator_client, url)

    assert with_300 == with_10


def test_comparison_and_analysis_query_counts_do_not_grow_with_the_bases(
    curator_client, programme, org
):
    urls = [
        reverse("programme:comparison", args=[programme.pk]),
        reverse("programme:mentee_analysis", args=[programme.pk]),
        reverse("programme:dashboard", args=[programme.pk]),
    ]
    _add_mentees(org, programme, 5)
    _add_mentors(org, programme, 5, first=5)
    before = [_queries_for(curator_client, url) for url in urls]

    _add_mentees(org, programme, 60, first=10)
    _add_mentors(org, programme, 60, first=70)
    after = [_queries_for(curator_client, url) for url in urls]

    assert after == before


def test_mentee_list_searches_by_name_and_filters_by_status_and_category(curator_client, programme):
    MenteeProfileFactory(programme=programme, staff__last_name="Захарова", category="young")
    MenteeProfileFactory(
        programme=programme, staff__last_name="Зайцева", category="newcomer", status="included"
    )
    MenteeProfileFactory(programme=programme, staff__last_name="Ильина", category="young")
    url = reverse("programme:mentee_list", args=[programme.pk])

    def names(params):
        page = curator_client.get(url, params).context["page"]
        return [m.staff.last_name for m in page]

    assert names({"q": "захар"}) == ["Захарова"]
    assert names({"status": "included"}) == ["Зайцева"]
    assert names({"category": "young"}) == ["Захарова", "Ильина"]


def test_curator_adds_a_teacher_to_the_mentee_base(curator_client, programme, org):
    teacher = StaffMemberFactory(organisation=org, last_name="Соловьёва")

    response = curator_client.post(
        reverse("programme:mentee_add", args=[programme.pk]),
        {"staff": teacher.pk, "category": "young"},
    )

    profile = MenteeProfile.objects.get(programme=programme, staff=teacher)
    assert response.status_code == 302
    assert response.url == reverse("programme:mentee_edit", args=[programme.pk, profile.pk])
    assert profile.category == "young"
    assert profile.status == MenteeStatus.CANDIDATE


def test_mentee_cannot_be_added_as_a_mentor_through_the_page(curator_client, programme, mentee):
    url = reverse("programme:mentor_add", args=[programme.pk])

    listed = curator_client.get(url).context["form"].fields["staff"].queryset
    response = curator_client.post(url, {"staff": mentee.staff_id})

    assert mentee.staff in listed  # offered, and then refused with the reason
    assert response.status_code == 200
    assert "одновременно наставником и наставляемым" in response.content.decode()
    assert not MentorProfile.objects.filter(programme=programme, staff=mentee.staff).exists()


def test_curator_edits_a_mentee_with_requests_inline(curator_client, programme, mentee, org):
    parents = CompetencyFactory(organisation=org, name="Взаимодействие с родителями")
    kept = mentee.requests.get()
    preferred = StaffMemberFactory(organisation=org, last_name="Волкова")

    response = curator_client.post(
        reverse("programme:mentee_edit", args=[programme.pk, mentee.pk]),
        {
            "category": "difficulties",
            "preferred_form": "group",
            "preferred_mentor": preferred.pk,
            "note": "Просит помощи с родительскими собраниями",
            "requests-TOTAL_FORMS": "3",
            "requests-INITIAL_FORMS": "1",
            "requests-0-competency": kept.competency_id,
            "requests-0-priority": "3",
            "requests-0-source": "own",
            "requests-1-competency": parents.pk,
            "requests-1-priority": "1",
            "requests-1-source": "curator",
            "requests-1-note": "со слов заведующего",
            "requests-2-priority": "2",
            "requests-2-source": "curator",
        },
    )

    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.category == "difficulties"
    assert mentee.preferred_mentor == preferred
    assert {(r.competency.name, r.priority) for r in mentee.requests.all()} == {
        ("Ведение документации", 3),
        ("Взаимодействие с родителями", 1),
    }


def test_duplicate_request_is_refused_and_typed_values_are_kept(curator_client, programme, mentee):
    kept = mentee.requests.get()

    response = curator_client.post(
        reverse("programme:mentee_edit", args=[programme.pk, mentee.pk]),
        {
            "note": "мой текст",
            "requests-TOTAL_FORMS": "2",
            "requests-INITIAL_FORMS": "1",
            "requests-0-competency": kept.competency_id,
            "requests-0-priority": "1",
            "requests-0-source": "own",
            "requests-1-competency": kept.competency_id,
            "requests-1-priority": "2",
            "requests-1-source": "curator",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "указана дважды" in content
    assert "мой текст" in content
    assert mentee.requests.count() == 1


def test_dropping_a_mentee_through_the_page_needs_a_reason(curator_client, programme, mentee):
    url = reverse("programme:mentee_status", args=[programme.pk, mentee.pk])

    refused = curator_client.post(url, {"status": "dropped", "on": "2024-05-01", "reason": ""})
    mentee.refresh_from_db()
    assert refused.status_code == 200
    assert "Укажите причину выбытия" in refused.content.decode()
    assert mentee.status == MenteeStatus.CANDIDATE

    done = curator_client.post(url, {"status": "dropped", "on": "2024-05-01", "reason": "Переезд"})
    mentee.refresh_from_db()
    assert done.status_code == 302
    assert (mentee.status, mentee.left_on, mentee.left_reason) == (
        MenteeStatus.DROPPED,
        dt.date(2024, 5, 1),
        "Переезд",
    )


def test_bulk_include_through_the_list_changes_all_or_nothing(curator_client, programme, mentor):
    candidates = MenteeProfileFactory.create_batch(2, programme=programme)
    # The same teacher got into the mentor base after joining the mentee base.
    clash = MenteeProfileFactory(programme=programme, status=MenteeStatus.DROPPED)
    MentorProfileFactory(programme=programme, staff=clash.staff)
    url = reverse("programme:mentee_bulk", args=[programme.pk])
    ids = [m.pk for m in candidates]

    refused = curator_client.post(
        url, {"action": "include", "mentee": [*ids, clash.pk]}, follow=True
    )
    assert "Ничего не изменено" in refused.content.decode()
    assert set(MenteeProfile.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        MenteeStatus.CANDIDATE
    }

    curator_client.post(url, {"action": "include", "mentee": ids, "on": "2024-02-20"})
    included = MenteeProfile.objects.filter(pk__in=ids)
    assert {(m.status, m.included_on) for m in included} == {
        (MenteeStatus.INCLUDED, dt.date(2024, 2, 20))
    }


def test_bulk_drop_needs_a_reason(curator_client, programme):
    mentees = MenteeProfileFactory.create_batch(2, programme=programme, status="included")

    response = curator_client.post(
        reverse("programme:mentee_bulk", args=[programme.pk]),
        {"action": "drop", "mentee": [m.pk for m in mentees]},
        follow=True,
    )

    assert "укажите причину выбытия" in response.content.decode()
    assert not MenteeProfile.objects.filter(status=MenteeStatus.DROPPED).exists()


def test_analysis_shows_request_frequency_and_who_has_no_consent(curator_client, programme, org):
    docs = CompetencyFactory(organisation=org, name="Ведение документации")
    ict = CompetencyFactory(organisation=org, name="Использование ИКТ")
    with_consent = MenteeProfileFactory(programme=programme, staff__last_name="Согласова")
    without = MenteeProfileFactory(programme=programme, staff__last_name="Безсогласиева")
    withdrawn = MenteeProfileFactory(programme=programme, staff__last_name="Отозвавшая")
    for profile in (with_consent, without, withdrawn):
        MenteeRequestFactory(mentee=profile, competency=docs, priority=1)
    MenteeRequestFactory(mentee=with_consent, competency=ict, priority=2)
    consent_give(staff=with_consent.staff, kind="processing", channel="online")
    consent_give(staff=withdrawn.staff, kind="processing", channel="online")
    # Withdrawn after the profile was made (the withdrawal service would also remove it).
    Consent.objects.filter(staff=withdrawn.staff).update(withdrawn_at=timezone.now())
    consent_give(staff=without.staff, kind="publication", channel="online", categories=["name"])

    response = curator_client.get(reverse("programme:mentee_analysis", args=[programme.pk]))

    content = response.content.decode()
    frequency = [(row.name, row.total, row.high) for row in response.context["frequency"]]
    assert frequency == [("Ведение документации", 3, 3), ("Использование ИКТ", 1, 0)]
    assert "<svg" in content and "Ведение документации" in content
    no_consent = [m.staff.last_name for m in response.context["no_consent"]]
    assert no_consent == ["Безсогласиева", "Отозвавшая"]
    assert reverse("surveys:side_by_side", args=[programme.pk, without.staff_id]) in content


def test_comparison_lists_exactly_the_requests_no_ready_mentor_covers(
    curator_client, programme, org
):
    covered = CompetencyFactory(organisation=org, name="Проектная деятельность")
    candidate_only = CompetencyFactory(organisation=org, name="Использование ИКТ")
    nobody = CompetencyFactory(organisation=org, name="Участие в конкурсах")
    mentee = MenteeProfileFactory(
        programme=programme, status="included", staff__last_name="Зайцева"
    )
    for competency in (covered, candidate_only, nobody):
        MenteeRequestFactory(mentee=mentee, competency=competency)
    ready = MentorProfileFactory(programme=programme, status=MentorStatus.READY, capacity=1)
    MentorCompetencyFactory(mentor=ready, competency=covered)
    candidate = MentorProfileFactory(programme=programme, status=MentorStatus.CANDIDATE)
    MentorCompetencyFactory(mentor=candidate, competency=candidate_only)
    MentorProfileFactory(programme=programme, status=MentorStatus.MENTOR)  # default capacity 2

    response = curator_client.get(reverse("programme:comparison", args=[programme.pk]))

    comparison = response.context["comparison"]
    assert sorted(r.competency.name for r in comparison.uncovered) == [
        "Использование ИКТ",
        "Участие в конкурсах",
    ]
    rows = {row.competency.name: row for row in comparison.rows}
    assert [o.mentor for o in rows["Проектная деятельность"].ready_mentors] == [ready]
    assert [o.mentor for o in rows["Использование ИКТ"].other_mentors] == [candidate]
    assert comparison.mentees_in_base == 1
    assert comparison.capacity == 3
    assert response.content.decode().count('class="uncovered-request"') == 2


def test_mentor_capacity_above_the_programme_limit_is_refused_on_the_page(
    curator_client, programme, mentor
):
    response = curator_client.post(
        reverse("programme:mentor_edit", args=[programme.pk, mentor.pk]),
        {
            "capacity": "5",
            "availability": "по вторникам",
            "competencies-TOTAL_FORMS": "0",
            "competencies-INITIAL_FORMS": "0",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "не может быть больше, чем установлено программой: 2" in content
    assert "по вторникам" in content
    mentor.refresh_from_db()
    assert mentor.capacity is None


def test_curator_fills_a_mentor_card(curator_client, programme, mentor, org):
    ict = CompetencyFactory(organisation=org, name="Использование ИКТ")

    response = curator_client.post(
        reverse("programme:mentor_edit", args=[programme.pk, mentor.pk]),
        {
            "achievements": "Победитель конкурса «Воспитатель года»",
            "preferred_forms": ["teacher_teacher", "reverse"],
            "capacity": "1",
            "offer_to_others": "on",
            "labour_consent_on": "2024-03-01",
            "addendum_content": "Наставничество над молодым специалистом",
            "addendum_term": "до 31.12.2024",
            "addendum_form": "teacher_teacher",
            "addendum_pay": "10% оклада",
            "competencies-TOTAL_FORMS": "2",
            "competencies-INITIAL_FORMS": "1",
            "competencies-0-competency": mentor.competencies.get().competency_id,
            "competencies-0-level": "3",
            "competencies-0-DELETE": "on",
            "competencies-1-competency": ict.pk,
            "competencies-1-level": "2",
        },
    )

    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.capacity == 1
    assert mentor.preferred_forms == ["teacher_teacher", "reverse"]
    assert mentor.offer_to_others
    assert mentor.labour_consent_on == dt.date(2024, 3, 1)
    assert [c.competency.name for c in mentor.competencies.all()] == ["Использование ИКТ"]


def test_mentor_status_page_refuses_mentor_without_351_8_consent(curator_client, programme, mentor):
    response = curator_client.post(
        reverse("programme:mentor_status", args=[programme.pk, mentor.pk]), {"status": "mentor"}
    )

    assert response.status_code == 200
    assert "ст. 351.8 ТК РФ" in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.status == MentorStatus.CANDIDATE


def test_competency_catalogue_add_deactivate_and_load_defaults(curator_client, org):
    Competency.objects.filter(organisation=org).delete()

    empty = curator_client.get(reverse("programme:competency_list"))
    curator_client.post(reverse("programme:competency_load_defaults"))
    curator_client.post(
        reverse("programme:competency_create"),
        {"name": "Инклюзивное образование", "order": "20", "is_active": "on"},
    )
    added = Competency.objects.get(organisation=org, name="Инклюзивное образование")
    curator_client.post(reverse("programme:competency_toggle", args=[added.pk]))

    assert "Загрузить стандартный список" in empty.content.decode()
    assert Competency.objects.filter(organisation=org, is_active=True).count() == 14
    added.refresh_from_db()
    assert not added.is_active


def test_dashboard_shows_bases_progress_links_and_buttons(
    curator_client, programme, mentee, mentor
):
    response = curator_client.get(reverse("programme:dashboard", args=[programme.pk]))

    content = response.content.decode()
    # «1 наставляемый», «1 наставник»: counts agree with their number (not «1 наставников»)
    assert "в базе 1\u00a0наставляемый (включены 0), запросов 1" in content
    assert "в базе 1\u00a0наставник, готовы 0" in content
    assert "выбраны формы: педагог – педагог, групповое" in content
    assert reverse("programme:mentee_list", args=[programme.pk]) in content
    assert reverse("programme:comparison", args=[programme.pk]) in content
    assert reverse("programme:competency_list") in content
