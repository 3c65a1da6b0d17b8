"""The monitoring report (7.3, 7.4): the figures of a programme built by hand equal the figures
counted by hand; anonymous figures of fewer than three people stay hidden; the analysis is
saved from the page and closes the roadmap; the PDF and the spreadsheet hold the figures."""

import datetime as dt
import io

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from pairing.models import Meeting, Plan, PlanActivity
from programme.models import Activity
from programme.models.roadmap import ActivityStatus
from reports.documents.monitoring import archive_files
from reports.models import MonitoringReport
from reports.selectors.monitoring import TOO_FEW, monitoring
from reports.services.monitoring import monitoring_save
from surveys.models import Consent, QuestionnaireKind, Response, ResponseStatus
from surveys.services import invitations
from tests.factories import MenteeProfileFactory, MentorProfileFactory, StaffMemberFactory
from tests.factories_assessment import (
    AssessmentParameterFactory,
    AssessmentRoundFactory,
    ScoreFactory,
)
from tests.factories_pairing import MembershipFactory, PairingFactory, give_processing_consent

pytestmark = pytest.mark.django_db

ANALYSIS = {
    "strengths": "Все пары провели организационные встречи.",
    "weaknesses": "Регулярные встречи проходили реже плана.",
    "opportunities": "Закрепить расписание встреч в приказе.",
    "threats": "",
    "conclusions": "Программа выполнена, цели пар в основном достигнуты.",
}


def _invite(programme, curator, kind, people):
    questionnaire = programme.questionnaires.get(kind=kind)
    created, _ = invitations.invitations_create(
        questionnaire=questionnaire,
        staff=people,
        by=curator,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    return {i.staff_id: i for i in created}


def _answered(invitation):
    Response.objects.create(
        version=invitation.questionnaire.versions.order_by("-number").first(),
        invitation=invitation,
        respondent=invitation.staff,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )


def _meeting(pairing, kind, status, day=10):
    Meeting.objects.create(
        pairing=pairing,
        kind=kind,
        status=status,
        topic="Тема",
        starts_at=timezone.make_aware(dt.datetime(2024, 10, day, 14, 0)),
    )


def _plan(membership, status, done, undone, number=1):
    plan = Plan.objects.create(membership=membership, number=number, status=status)
    for k in range(done + undone):
        PlanActivity.objects.create(
            plan=plan,
            position=k,
            content=f"Мероприятие {k}",
            kind="consultation",
            done_on=dt.date(2024, 11, 1) if k < done else None,
        )


@pytest.fixture
def built(programme, curator):
    """Ten teachers (the curator and T1–T9), an assistant and a teacher who left aside.

    Invited: T1–T5 (mentee intake), T6–T7 (mentor intake) = 7. Consented: T1–T4, T6 (T5
    withdrew) = 5. Answered: T1–T3, T6 = 4. Mentees T1–T4 «включён», T5 a candidate; mentors
    T6, T8, T9 «готов», T7 a candidate. Pairs: T6→T1 completed (педагог – педагог); T8→T2, T3
    active group, T3 left early; T9→T4 ended early (реверсивное). Included 7, paired 7,
    completed 2 (T6, T1), ended early 3 (T9, T4, T3)."""
    org = programme.organisation
    t = {i: StaffMemberFactory(organisation=org, last_name=f"Педагог{i}") for i in range(1, 10)}
    StaffMemberFactory(organisation=org, position="pomoshnik", last_name="Помощникова")
    StaffMemberFactory(organisation=org, is_active=False, last_name="Уволенная")
    mentee_links = _invite(
        programme, curator, QuestionnaireKind.MENTEE_INTAKE, [t[i] for i in range(1, 6)]
    )
    mentor_links = _invite(programme, curator, QuestionnaireKind.MENTOR_INTAKE, [t[6], t[7]])
    for i in (1, 2, 3, 4, 5, 6):
        give_processing_consent(t[i])
    Consent.objects.filter(staff=t[5]).update(withdrawn_at=timezone.now())
    for i in (1, 2, 3):
        _answered(mentee_links[t[i].pk])
    _answered(mentor_links[t[6].pk])
    mentees = {
        i: MenteeProfileFactory(programme=programme, staff=t[i], status="included")
        for i in (1, 2, 3, 4)
    }
    MenteeProfileFactory(programme=programme, staff=t[5], status="candidate")
    mentors = {
        i: MentorProfileFactory(programme=programme, staff=t[i], status="ready") for i in (6, 8, 9)
    }
    MentorProfileFactory(programme=programme, staff=t[7], status="candidate")
    single = PairingFactory(mentor=mentors[6], status="completed", ended_on=dt.date(2025, 5, 20))
    group = PairingFactory(mentor=mentors[8], status="active", form="group")
    ended = PairingFactory(
        mentor=mentors[9], status="terminated", form="reverse", ended_on=dt.date(2024, 12, 1)
    )
    m1 = MembershipFactory(pairing=single, mentee=mentees[1])
    m2 = MembershipFactory(pairing=group, mentee=mentees[2])
    MembershipFactory(
        pairing=group, mentee=mentees[3], left_on=dt.date(2024, 11, 15), left_reason="перевод"
    )
    MembershipFactory(pairing=ended, mentee=mentees[4])
    # Meetings: organisational 3 planned / 3 held in 3 pairs; trial 2 / 1 (one not held);
    # regular 1 planned (and one cancelled, not counted) / 0; final 1 / 1.
    for kind, status in (("organisational", "held"), ("trial", "held"), ("final", "held")):
        _meeting(single, kind, status)
    for kind, status in (
        ("organisational", "held"),
        ("trial", "not_held"),
        ("regular", "planned"),
        ("regular", "cancelled"),
    ):
        _meeting(group, kind, status)
    _meeting(ended, "organisational", "held")
    # Plans: T1's approved plan 3 of 4 done (its superseded first version left out), T2's
    # draft 1 of 2: 4 of 6 done.
    _plan(m1, "superseded", 0, 2, number=1)
    _plan(m1, "approved", 3, 1, number=2)
    _plan(m2, "draft", 1, 1)
    # Assessment. Mentees, «Планирование»: before T1 2, T2 3, T3 3, T4 4 (mean 3, n 4); after
    # T1 4, T2 3, T3 5 (mean 4, n 3); deltas +2, 0, +2 (mean 1,33, n 3), improved 2 of 3.
    # «Работа с родителями»: two people only — hidden. Mentors: two people — hidden.
    baseline = AssessmentRoundFactory(programme=programme, kind="baseline")
    final = AssessmentRoundFactory(programme=programme, kind="final", date=dt.date(2025, 5, 1))
    planning = AssessmentParameterFactory(programme=programme, name="Планирование")
    parents = AssessmentParameterFactory(programme=programme, name="Работа с родителями")
    methods = AssessmentParameterFactory(
        programme=programme, name="Методы наставничества", applies_to="mentors"
    )
    for round_, parameter, values in (
        (baseline, planning, {1: 2, 2: 3, 3: 3, 4: 4}),
        (final, planning, {1: 4, 2: 3, 3: 5}),
        (baseline, parents, {1: 1, 2: 2}),
        (final, parents, {1: 2, 2: 2}),
        (baseline, methods, {6: 3, 8: 4}),
        (final, methods, {6: 4, 8: 4}),
    ):
        for i, value in values.items():
            ScoreFactory(round=round_, parameter=parameter, staff=t[i], value=value)
    return {"t": t, "single": single, "group": group}


def test_the_figures_of_a_hand_built_programme_equal_the_hand_counted_ones(programme, built):
    data = monitoring(programme)
    quality = data.quality

    assert {s.key: (s.count, s.percent) for s in quality.funnel} == {
        "staff": (10, 100),
        "invited": (7, 70),
        "consented": (5, 50),
        "answered": (4, 40),
        "included": (7, 70),
        "paired": (7, 70),
        "completed": (2, 20),
        "ended_early": (3, 30),
    }
    assert [(r.label, r.pairs, r.mentees) for r in quality.forms] == [
        ("педагог – педагог", 1, 1),
        ("групповое", 1, 2),
        ("реверсивное", 1, 1),
    ]
    meetings = {r.kind: (r.planned, r.held, r.not_held, r.pairs) for r in quality.meetings}
    assert meetings == {
        "organisational": (3, 3, 0, 3),
        "trial": (2, 1, 1, 1),
        "planning": (0, 0, 0, 0),
        "regular": (1, 0, 0, 0),
        "final": (1, 1, 0, 1),
    }
    plans = quality.plans
    assert (plans.mentees, plans.plans, plans.approved, plans.activities, plans.done) == (
        4,
        2,
        1,
        6,
        4,
    )
    assert plans.percent == 67


def test_deltas_and_the_share_who_improved_rest_on_those_measured_twice(programme, built):
    mentees, _mentors = monitoring(programme).impact.groups

    planning = mentees.rows[0]
    assert (planning.before.value, planning.before.people) == (3.0, 4)
    assert (planning.after.value, planning.after.people) == (4.0, 3)
    assert (planning.delta.value, planning.delta.people, planning.delta.text) == (1.33, 3, "+1,33")
    assert (planning.improved.value, planning.improved_people) == (67, 2)
    assert planning.improved.text == "67%"
    # each person's mean delta: T1 +1,5, T2 0, T3 +2 — two of three improved
    assert (mentees.people, mentees.improved_people, mentees.improved.text) == (3, 2, "67%")


def test_an_anonymous_figure_of_two_people_stays_hidden(programme, built, curator_client):
    mentees, mentors = monitoring(programme).impact.groups
    parents = mentees.rows[1]

    for figure in (parents.before, parents.after, parents.delta, parents.improved):
        assert figure.people == 2 and figure.hidden
        assert figure.shown is None and figure.text == TOO_FEW
    assert mentors.rows[0].after.hidden and mentors.improved.hidden

    page = curator_client.get(reverse("reports:monitoring", args=[programme.pk]))
    text = page.content.decode()
    assert TOO_FEW in text
    assert "+1,33" in text  # the figure of three people is shown
    # the mentors' means (3,5 before, 4 after, of two people) are neither in the table nor
    # in the chart
    mentors_part = text.split('id="impact-mentors"')[1].split("</section>")[0]
    assert "Методы наставничества" in mentors_part
    assert [f for f in (">3.50<", ">4.00<", "3,5", "4,0") if f in mentors_part] == []


def test_the_page_shows_the_figures_and_a_regional_coordinator_reads_them_without_names(
    programme, built, regional_client
):
    page = regional_client.get(reverse("reports:monitoring", args=[programme.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Педагог1" not in text and "Педагог6" not in text
    assert "4 из 6" in text  # plan items done
    assert 'name="strengths"' not in text  # the analysis is the managers' to write
    assert "Изменения по каждому участнику" not in text
    refused = regional_client.post(reverse("reports:monitoring", args=[programme.pk]), ANALYSIS)
    assert refused.status_code == 403
    assert not MonitoringReport.objects.exists()


def test_saving_the_analysis_closes_7_3_and_7_4_with_the_page_as_evidence(
    programme, built, curator_client, curator
):
    url = reverse("reports:monitoring", args=[programme.pk])

    answer = curator_client.post(url, ANALYSIS)

    assert answer.status_code == 302
    report = MonitoringReport.objects.get(programme=programme)
    assert report.conclusions == ANALYSIS["conclusions"] and report.updated_by == curator
    closed = {
        a.code: a for a in Activity.objects.filter(programme=programme, code__in=["7.3", "7.4"])
    }
    assert {a.status for a in closed.values()} == {ActivityStatus.DONE}
    assert closed["7.3"].evidence_url == url
    assert closed["7.4"].evidence_url == url + "#impact"
    # saved again: still one report per programme
    curator_client.post(url, {**ANALYSIS, "threats": "Уход наставников"})
    assert MonitoringReport.objects.filter(programme=programme).count() == 1
    with pytest.raises(IntegrityError):
        MonitoringReport.objects.create(programme=programme)


def test_7_3_waits_for_the_conclusions_and_7_4_for_the_final_scores(programme, built, curator):
    from programme.models import Score

    Score.objects.filter(round__kind="final").delete()

    saved = monitoring_save(programme=programme, by=curator, strengths="Пары работают")

    assert saved.closed == []
    assert any("7.3" in note for note in saved.waiting)
    assert any("7.4" in note for note in saved.waiting)
    status = dict(Activity.objects.filter(programme=programme).values_list("code", "status"))
    assert status["7.3"] != ActivityStatus.DONE and status["7.4"] != ActivityStatus.DONE


def test_the_analysis_form_keeps_what_was_typed_on_an_error(programme, curator_client):
    url = reverse("reports:monitoring", args=[programme.pk])
    too_long = "Очень длинный вывод. " * 300  # over 5 000 characters

    page = curator_client.post(url, {**ANALYSIS, "conclusions": too_long})

    assert page.status_code == 200
    text = page.content.decode()
    assert ANALYSIS["strengths"] in text and "Очень длинный вывод." in text
    assert page.context["form"].errors["conclusions"]
    assert not MonitoringReport.objects.exists()
    empty = curator_client.post(url, {name: "" for name in ANALYSIS})
    assert empty.status_code == 200 and "Заполните хотя бы одно поле" in empty.content.decode()


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_report_pdf_holds_the_figures_the_organisation_and_the_head(
    programme, built, curator, curator_client
):
    monitoring_save(programme=programme, by=curator, **ANALYSIS)

    answer = curator_client.get(reverse("reports:monitoring_pdf", args=[programme.pk]))

    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = " ".join(_pdf_text(answer.content).split())
    assert "Центр развития ребенка – детский сад № 30" in text
    assert "С.В.Синицына" in text
    assert "Отчёт о мониторинге" in text
    assert "Педагогов в организации 10 100%" in text
    assert "Прекратили досрочно 3 30%" in text
    assert "4 из 6 (67%)" in text
    assert "+1,33" in text and TOO_FEW in text
    assert "Регулярные встречи проходили реже плана." in text
    assert ANALYSIS["conclusions"] in text
    assert "Педагог1" not in text


def test_the_spreadsheet_holds_every_figure(programme, built, curator, curator_client):
    monitoring_save(programme=programme, by=curator, **ANALYSIS)

    answer = curator_client.get(reverse("reports:monitoring_xlsx", args=[programme.pk]))

    assert answer.status_code == 200
    assert ".xlsx" in answer["Content-Disposition"]
    book = load_workbook(io.BytesIO(answer.content))
    rows = {
        sheet.title: [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=2)]
        for sheet in book.worksheets
    }
    assert ("Прекратили досрочно", 3, 30, 10) in rows["Участие"]
    assert ("групповое", 1, 2) in rows["Пары по формам"]
    assert ("пробная рабочая", 2, 1, 1, 50, 1) in rows["Встречи"]
    assert ("Мероприятий выполнено", 4) in rows["Планы развития"]
    impact = {row[1]: row for row in rows["До и после"]}
    assert impact["Планирование"][3:] == (3, 4, 4, 3, 1.33, 3, 67, 2)
    assert impact["Работа с родителями"][3] == TOO_FEW
    assert ("Выводы", ANALYSIS["conclusions"]) in rows["Анализ"]


def test_the_archive_takes_the_report_pdf_and_the_spreadsheet(programme, built):
    files = archive_files(programme)

    assert [name.rsplit(".", 1)[1] for name, _content in files] == ["pdf", "xlsx"]
    assert files[0][1].startswith(b"%PDF")
    assert files[0][0] == "Отчёт о мониторинге программы наставничества 2024.pdf"


def test_the_dashboard_links_the_monitoring_page_at_7_3_and_7_4(programme, curator_client):
    page = curator_client.get(reverse("programme:dashboard", args=[programme.pk]))

    text = page.content.decode()
    url = reverse("reports:monitoring", args=[programme.pk])
    assert f'href="{url}"' in text and f'href="{url}#impact"' in text


def _more_pairs(programme, count):
    for _ in range(count):
        pairing = PairingFactory(mentor=MentorProfileFactory(programme=programme), status="active")
        membership = MembershipFactory(pairing=pairing)
        _meeting(pairing, "organisational", "held")
        _plan(membership, "approved", 1, 1)


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_size(
    programme, curator_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("reports:monitoring", args=[programme.pk])
    _more_pairs(programme, 2)
    curator_client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert curator_client.get(url).status_code == 200
    _more_pairs(programme, 20)
    with django_assert_num_queries(len(small.captured_queries)):
        curator_client.get(url)


def test_the_charts_write_figures_with_a_decimal_comma_and_name_them(programme, built):
    from reports.documents.monitoring import charts

    drawn = charts(monitoring(programme))

    impact = drawn["impact_mentees"]
    assert 'role="img"' in impact and ">1,33<" not in impact  # means, not deltas
    assert "Планирование: до (входная) 3, после (итоговая) 4;" in impact
    assert "Работа с родителями: до (входная) —, после (итоговая) —." in impact
    assert ">70%<" in drawn["funnel"]


@pytest.mark.parametrize(
    "nasty", ["\r\n", "\x00", "\u202e", "\u2028", "\x0b", "\ufeff", "\x85", "=1+1", "\t"]
)
def test_any_stored_analysis_renders_in_the_pdf_and_the_spreadsheet(programme, curator, nasty):
    from programme.exceptions import DomainError

    text = f"Вывод{nasty}второй"
    try:
        monitoring_save(programme=programme, by=curator, conclusions=text, strengths=nasty)
    except DomainError as error:
        assert nasty == "\x00" and "NUL" in error.message
        return

    pdf, xlsx = archive_files(programme)

    assert "Вывод" in _pdf_text(pdf[1])
    book = load_workbook(io.BytesIO(xlsx[1]))
    assert any("Вывод" in str(c.value) for row in book["Анализ"].iter_rows() for c in row)
