"""The coordinator's roll-up of her territory (issue 24 §2): the figures of a hand-built
territory of three kindergartens equal the hand-counted ones; the page costs the same number of
queries for 3 and 30 kindergartens; a coordinator never reads a name on it nor in its
spreadsheet; another territory's kindergartens are absent; curators and teachers are refused;
filters, sorting and search work."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pairing.models import Membership
from programme.models import Activity, Organisation, StaffMember, Territory
from programme.models.roadmap import ActivityStatus
from reports.selectors.monitoring import TOO_FEW
from reports.selectors.territories import Filters, rollup
from surveys.models import Answer, QuestionKind, QuestionnaireKind, Response, ResponseStatus
from tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    OrganisationFactory,
    ProgrammeFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.factories_assessment import (
    AssessmentParameterFactory,
    AssessmentRoundFactory,
    ScoreFactory,
)
from tests.factories_pair_work import active_pairs, login
from tests.factories_pairing import PairingFactory, give_processing_consent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _years_old(age: int) -> dt.date:
    """A birth date of someone `age` years old (and about half a year) today."""
    return TODAY - dt.timedelta(days=round(365.25 * age) + 180)


@pytest.fixture
def omsk(db):
    region = Territory.objects.create(name="Омская область", kind="region")
    city = Territory.objects.create(name="г. Омск", kind="municipality", parent=region)
    district = Territory.objects.create(name="Тарский район", kind="municipality", parent=region)
    return {"region": region, "city": city, "district": district}


@pytest.fixture
def elsewhere(db):
    region = Territory.objects.create(name="Новосибирская область", kind="region")
    city = Territory.objects.create(name="г. Бердск", kind="municipality", parent=region)
    org = OrganisationFactory(short_name="Детский сад № 7 Бердска", slug="berdsk7", territory=city)
    ProgrammeFactory(organisation=org)
    return {"region": region, "city": city, "org": org}


def _coordinator(territory, username="methodist"):
    user = UserFactory(
        username=username,
        organisation=None,
        role="regional",
        territory=territory,
        last_name="Координаторова",
        first_name="Вера",
    )
    client = Client()
    client.force_login(user)
    return client


def _close(programme, *, stages_done: int, overdue: int = 0):
    """Every activity of the first `stages_done` stages done; `overdue` open ones of the next
    stage past their date (the rest of the roadmap has no date)."""
    Activity.objects.filter(programme=programme).update(due_on=None)
    Activity.objects.filter(programme=programme, stage__number__lte=stages_done).update(
        status=ActivityStatus.DONE
    )
    late = Activity.objects.filter(programme=programme, stage__number=stages_done + 1).order_by(
        "order"
    )[:overdue]
    Activity.objects.filter(pk__in=[a.pk for a in late]).update(due_on=TODAY - dt.timedelta(days=3))


def _satisfied(programme, staff: StaffMember, value: int) -> None:
    """A submitted satisfaction questionnaire: `value` for every 1–10 question."""
    version = (
        programme.questionnaires.get(kind=QuestionnaireKind.SATISFACTION)
        .versions.order_by("-number")
        .first()
    )
    response = Response.objects.create(
        version=version,
        respondent=staff,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for question in version.questions.filter(kind=QuestionKind.SCALE):
        Answer.objects.create(response=response, question=question, value=value)


@pytest.fixture
def built(omsk):
    """Three kindergartens of the region.

    A (г. Омск, ds-a): stages 1–3 done, 2 overdue of stage 4; the order fixing its pairs
    starts stage 5 (its activities move by the data) — so A is at stage 5. 3 active fixed
    pairs (педагог – педагог) with 3 mentors (12 years, no birth date) and 3 mentees; one
    more mentee aged 23 with 1 year («до 35 со стажем 0–3») and a dropped one (not counted).
    Consents: the pair people have them, the young mentee has none → 1 missing.
    Satisfaction: the 3 mentors answered 8, 9, 10 (mean 9 of 3 people: shown), 2 mentees 5
    and 7 (2 people: hidden). Final assessment of 3 mentees on one parameter: +1, +2, +0 →
    mean +1.
    B (г. Омск, ds-b): stage 1 open (nothing done), 0 overdue; one mentee aged 52 with 16
    years, one mentor aged 61 with 25 years, a group pair completed and a reverse pair ended
    early, no consents → 2 missing.
    C (Тарский район, ds-c): no programme."""
    a = OrganisationFactory(short_name="Детский сад № 1", slug="ds-a", territory=omsk["city"])
    b = OrganisationFactory(short_name="Детский сад № 2", slug="ds-b", territory=omsk["city"])
    c = OrganisationFactory(short_name="Детский сад № 3", slug="ds-c", territory=omsk["district"])
    curator_a = UserFactory(username="curator-a", organisation=a, role="curator")
    curator_a.staff_member = StaffMemberFactory(organisation=a, user=curator_a)
    pa = ProgrammeFactory(organisation=a, curator=curator_a.staff_member)
    ProgrammeFactory(organisation=a, year=2023)  # an older year: not the current programme
    pb = ProgrammeFactory(organisation=b)
    _close(pa, stages_done=3, overdue=2)
    _close(pb, stages_done=0)

    pairs = active_pairs(pa, curator_a, 3)
    mentors = [p.mentor.staff for p in pairs]
    mentees = [Membership.objects.get(pairing=p).mentee.staff for p in pairs]
    StaffMember.objects.filter(pk__in=[s.pk for s in mentors]).update(experience_total=12)
    StaffMember.objects.filter(pk__in=[s.pk for s in mentees]).update(
        experience_total=4, birth_date=_years_old(27)
    )
    MenteeProfileFactory(
        programme=pa,
        status="included",
        staff__experience_total=1,
        staff__birth_date=_years_old(23),
        staff__last_name="Молодова",
    )
    MenteeProfileFactory(programme=pa, status="dropped", staff__last_name="Ушедшая")
    for staff, value in zip(mentors, (8, 9, 10), strict=True):
        _satisfied(pa, staff, value)
    for staff, value in zip(mentees[:2], (5, 7), strict=True):
        _satisfied(pa, staff, value)
    baseline = AssessmentRoundFactory(programme=pa, kind="baseline")
    final = AssessmentRoundFactory(programme=pa, kind="final", date=dt.date(2025, 5, 1))
    parameter = AssessmentParameterFactory(programme=pa, name="Планирование")
    for staff, before, after in zip(mentees, (2, 3, 4), (3, 5, 4), strict=True):
        ScoreFactory(round=baseline, parameter=parameter, staff=staff, value=before)
        ScoreFactory(round=final, parameter=parameter, staff=staff, value=after)

    MenteeProfileFactory(
        programme=pb,
        status="included",
        staff__experience_total=16,
        staff__birth_date=_years_old(52),
        staff__last_name="Зрелова",
    )
    mentor_b = MentorProfileFactory(
        programme=pb,
        status="ready",
        staff__experience_total=25,
        staff__birth_date=_years_old(61),
        staff__last_name="Опытнова",
    )
    PairingFactory(mentor=mentor_b, status="completed", form="group")
    PairingFactory(mentor=mentor_b, status="terminated", form="reverse")
    return {"a": a, "b": b, "c": c, "pa": pa, "pb": pb}


def _rows(data):
    return {row.name: row for row in data.rows}


def test_the_figures_of_a_hand_built_territory_equal_the_hand_counted_ones(omsk, built):
    data = rollup(omsk["region"])
    rows = _rows(data)
    a, b, c = rows["Детский сад № 1"], rows["Детский сад № 2"], rows["Детский сад № 3"]

    assert (a.year, a.stage, a.overdue, a.mentees, a.mentors) == (2024, 5, 2, 4, 3)
    assert (a.pairs_by_form, a.completed, a.ended_early, a.consents_missing) == (
        {"teacher_teacher": 3},
        0,
        0,
        1,
    )
    assert (a.satisfaction_mentors.value, a.satisfaction_mentors.people) == (9.0, 3)
    assert a.satisfaction_mentors.text == "9"
    assert a.satisfaction_mentees.hidden and a.satisfaction_mentees.text == TOO_FEW
    assert (a.delta.value, a.delta.people, a.delta.text) == (1.0, 3, "+1")
    assert a.mentee_buckets["exp_3_5"] == 3 and a.mentee_buckets["exp_0_3"] == 1
    assert a.mentee_buckets["age_25_29"] == 3 and a.mentee_buckets["age_25"] == 1
    assert a.mentee_buckets["young"] == 1
    assert a.mentor_buckets["exp_10_15"] == 3 and a.mentor_buckets["age_unknown"] == 3

    assert (b.stage, b.percent, b.overdue, b.mentees, b.mentors) == (1, 0, 0, 1, 1)
    assert (b.pairs, b.completed, b.ended_early, b.consents_missing) == (2, 1, 1, 2)
    assert b.mentee_buckets["exp_15_20"] == 1 and b.mentee_buckets["age_50_54"] == 1
    assert b.mentor_buckets["exp_20"] == 1 and b.mentor_buckets["age_60"] == 1
    assert b.satisfaction_mentors.text == TOO_FEW or b.satisfaction_mentors.value is None

    assert (c.stage, c.programme_id, c.mentees) == (None, None, 0)
    # typical stage: the lower median of 5 and 1 → 1; B is not behind, C (no programme) is
    assert data.typical_stage == 1
    assert (a.behind, b.behind, c.behind) == (False, False, True)

    total = data.total
    assert (total.kindergartens, total.mentees, total.mentors, total.pairs) == (3, 5, 4, 5)
    assert (total.overdue, total.completed, total.ended_early, total.consents_missing) == (
        2,
        1,
        1,
        3,
    )
    assert total.satisfaction_mentors.text == "9"
    assert total.satisfaction_mentees.text == TOO_FEW  # A's hidden mean is not in the total
    assert total.mentee_buckets["young"] == 1
    assert [(m.name, m.kindergartens, m.mentees) for m in data.municipalities] == [
        ("г. Омск", 2, 5),
        ("Тарский район", 1, 0),
    ]


def test_the_municipal_coordinator_reads_her_municipality_only(omsk, built, elsewhere):
    data = rollup(omsk["city"])

    assert sorted(_rows(data)) == ["Детский сад № 1", "Детский сад № 2"]
    assert not data.by_municipality
    page = _coordinator(omsk["city"]).get(reverse("reports:territory"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Детский сад № 1" in text and "Детский сад № 3" not in text
    assert "Бердск" not in text


def test_a_coordinator_of_another_territory_sees_none_of_ours(omsk, built, elsewhere):
    client = _coordinator(elsewhere["region"])

    text = client.get(reverse("reports:territory")).content.decode()
    assert "Детский сад № 7 Бердска" in text
    assert "Детский сад № 1" not in text and "г. Омск" not in text
    workbook = load_workbook(io.BytesIO(client.get(reverse("reports:territory_xlsx")).content))
    cells = {str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row}
    assert "Детский сад № 1" not in cells
    # and her figures pages of our kindergartens answer 404
    assert client.get(reverse("programme:dashboard", args=[built["pa"].pk])).status_code == 404
    assert client.get(reverse("reports:monitoring", args=[built["pa"].pk])).status_code == 404


def test_the_coordinator_never_reads_a_name_on_the_page_nor_in_the_spreadsheet(omsk, built):
    client = _coordinator(omsk["city"])
    names = set()
    for staff in StaffMember.objects.all():
        names |= {staff.last_name, staff.full_name}
    names |= {"Синицына Светлана Викторовна"}  # the heads of the kindergartens

    for params in ({}, {"sort": "-mentees"}, {"behind": "1"}, {"q": "сад"}):
        page = client.get(reverse("reports:territory"), params)
        assert page.status_code == 200
        text = page.content.decode()
        assert [name for name in names if name in text] == []
        sheet = client.get(reverse("reports:territory_xlsx"), params)
        assert sheet.status_code == 200
        assert "filename*=UTF-8''" in sheet["Content-Disposition"]
        workbook = load_workbook(io.BytesIO(sheet.content))
        cells = " ".join(
            str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value
        )
        assert [name for name in names if name in cells] == []
        assert ("Детский сад № 1" in cells) == ("behind" not in params)  # none behind in Омск


def test_the_spreadsheet_holds_the_figures_and_the_totals(omsk, built):
    client = _coordinator(omsk["region"])
    sheet = client.get(reverse("reports:territory_xlsx"))

    assert "%D0%A1%D0%B2%D0%BE%D0%B4" in sheet["Content-Disposition"]  # «Свод…»
    workbook = load_workbook(io.BytesIO(sheet.content))
    assert workbook.sheetnames == ["Детские сады", "Муниципалитеты", "По стажу", "По возрасту"]
    rows = list(workbook["Детские сады"].iter_rows(values_only=True))
    header, lines = rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert "Наставляемых" in header
    a = lines["Детский сад № 1"]
    assert (a["Этап (1–7)"], a["Просрочено мероприятий"], a["Наставляемых"]) == (5, 2, 4)
    assert a["Удовлетворённость наставников (из 10)"] == 9
    assert a["Удовлетворённость наставляемых (из 10)"] == TOO_FEW
    total = lines["Итого (3 д/с)"]
    assert (total["Наставляемых"], total["Пар (групп) всего"]) == (5, 5)
    young = list(workbook["По стажу"].iter_rows(values_only=True))
    assert "Наставляемые: до 35 лет со стажем 0–3 года" in young[0]


def test_the_query_count_is_the_same_for_3_and_30_kindergartens(omsk):
    client = _coordinator(omsk["city"])

    def grow(to: int):
        while Territory.objects.get(pk=omsk["city"].pk).organisations.count() < to:
            n = Territory.objects.get(pk=omsk["city"].pk).organisations.count()
            org = OrganisationFactory(
                short_name=f"Детский сад № {500 + n}", slug=f"ds-q{n}", territory=omsk["city"]
            )
            programme = ProgrammeFactory(organisation=org)
            mentor = MentorProfileFactory(programme=programme, status="ready")
            give_processing_consent(mentor.staff)
            MenteeProfileFactory(programme=programme, status="included")
            PairingFactory(mentor=mentor, status="active")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:territory")).status_code == 200
        return len(queries)

    grow(3)
    few = count()
    grow(30)
    assert count() == few
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("reports:territory_xlsx"))
    assert len(queries) <= few


def test_curators_teachers_and_strangers_are_refused(
    curator_client, teacher_client, client, omsk, built
):
    for url in (reverse("reports:territory"), reverse("reports:territory_xlsx")):
        assert curator_client.get(url).status_code == 403
        assert teacher_client.get(url).status_code == 403
        assert client.get(url).status_code == 302


def test_filters_sort_and_search(omsk, built):
    client = _coordinator(omsk["region"])

    def names(**params):
        page = client.get(reverse("reports:territory"), params)
        assert page.status_code == 200
        return [row.name for row in page.context["data"].rows]

    assert names() == ["Детский сад № 1", "Детский сад № 2", "Детский сад № 3"]
    assert names(municipality=omsk["district"].pk) == ["Детский сад № 3"]
    assert names(behind="1") == ["Детский сад № 3"]
    assert names(overdue="1") == ["Детский сад № 1"]
    assert names(q="№ 2") == ["Детский сад № 2"]
    assert names(sort="-mentees") == ["Детский сад № 1", "Детский сад № 2", "Детский сад № 3"]
    assert names(sort="mentees") == ["Детский сад № 3", "Детский сад № 2", "Детский сад № 1"]
    assert names(sort="-delta")[0] == "Детский сад № 1"
    assert names(sort="nonsense") == names()
    filtered = rollup(omsk["region"], filters=Filters(municipality=omsk["city"].pk))
    assert filtered.total.mentees == 5 and filtered.total.kindergartens == 2


def test_the_navigation_offers_the_roll_up_to_coordinators_only(omsk, built, curator_client):
    client = _coordinator(omsk["city"])

    assert reverse("reports:territory") in client.get(reverse("programme:my_page")).content.decode()
    assert (
        reverse("reports:territory")
        not in curator_client.get(reverse("programme:my_page")).content.decode()
    )


def test_a_teacher_with_a_login_gets_403(omsk, built):
    staff = StaffMemberFactory(organisation=built["a"], last_name="Учителева")
    assert login(staff).get(reverse("reports:territory")).status_code == 403


def test_no_staff_name_of_the_demo_on_any_roll_up_page_nor_in_its_spreadsheet():
    from django.core.management import call_command

    call_command("demo")
    names = set()
    for staff in StaffMember.objects.all():
        names |= {staff.full_name, f"{staff.last_name} {staff.first_name}", staff.short_name}
    names |= {o.head_name for o in Organisation.objects.exclude(head_name="")}

    for username in ("methodist", "region"):
        client = _coordinator_of(username)
        for params in ({}, {"sort": "-delta"}, {"overdue": "1"}, {"q": "12"}):
            text = client.get(reverse("reports:territory"), params).content.decode()
            assert "Детский сад № 30" in text or params
            assert [name for name in names if name in text] == [], (username, params)
            sheet = client.get(reverse("reports:territory_xlsx"), params)
            workbook = load_workbook(io.BytesIO(sheet.content))
            cells = " ".join(
                str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value
            )
            assert [name for name in names if name in cells] == [], (username, params)


def _coordinator_of(username: str) -> Client:
    from programme.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_an_early_activity_left_open_does_not_hold_a_kindergarten_back():
    from reports.selectors.territories import _stage

    # stage → (activities, closed, done or in work)
    assert _stage({1: (5, 4, 4), 2: (5, 5, 5), 3: (4, 1, 1), 4: (4, 0, 0)}) == 3
    assert _stage({1: (5, 5, 5), 2: (5, 0, 0)}) == 2  # stage 1 all closed: on to the next
    assert _stage({1: (5, 0, 0)}) == 1
    assert _stage({6: (3, 3, 3), 7: (3, 3, 3)}) == 7


def test_a_long_table_is_shown_by_pages_with_the_totals_of_every_row(omsk, built, monkeypatch):
    from reports.views import territories as views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client = _coordinator(omsk["region"])

    first = client.get(reverse("reports:territory"))
    second = client.get(reverse("reports:territory"), {"page": "2"})
    assert [r.name for r in first.context["rows"]] == ["Детский сад № 1", "Детский сад № 2"]
    assert [r.name for r in second.context["rows"]] == ["Детский сад № 3"]
    assert second.context["data"].total.mentees == 5
    assert 'aria-current="page">2<' in second.content.decode()
    assert client.get(reverse("reports:territory"), {"page": "x"}).status_code == 200
