"""Benchmark of the monitoring report (7.3, 7.4) on a programme of 80 teachers and 30 pairs:
the page (target ≤ 300 ms) and the report PDF (target ≤ 2 s), plus the spreadsheet.

    .venv/bin/python bench/monitoring.py                     # SQLite in memory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mentoring_bench \
        .venv/bin/python bench/monitoring.py

The programme is made through the project's own services where the rules live (pairs fixed by
a registered order with approved plans and meetings — bench/run.py's `_more_active_pairs` —,
feedback rounds sent and answered, the satisfaction questionnaire, consents) and in bulk where
only the figures matter (intake responses, assessment scores). Figures, not assertions: the
numbers go into the issue notes. The throwaway test database is dropped at the end.
"""

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection
from django.test.utils import (
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

# bench/run.py sets Django up for benchmarks (test settings, the query log kept between
# requests) and holds the world builders shared by the benchmarks.
from run import _more_active_pairs, make_world, timed

TEACHERS, PAIRS = 80, 30


def _answer(invitation, rng, **fixed) -> None:
    from surveys.services import responses

    data = {}
    for question in responses.questions_of(invitation):
        if question.code in fixed:
            data[question.pk] = fixed[question.code]
        elif question.kind == "scale":
            data[question.pk] = rng.randint(5, 10)
        elif question.kind == "yes_no":
            data[question.pk] = rng.random() < 0.8
        elif question.required and question.kind in ("short_text", "long_text"):
            data[question.pk] = "Ответ"
    responses.save_answers(invitation=invitation, data=data, submit=True)


def build(rng: random.Random):
    """80 teachers: 20 outside the pairs and 30 pairs (mentor and mentee) with plans of five
    rows and five meetings each; intake answers, consents, two feedback rounds, the
    satisfaction questionnaire, the baseline and final assessment of everyone in a pair."""
    from django.utils import timezone

    from pairing.models import Pairing, PairingStatus
    from pairing.services import feedback
    from programme.models import AssessmentRound, Score, StaffMember, User
    from programme.services.assessment import ensure_default_parameters, scope_parameters
    from reports.services.monitoring import monitoring_save
    from surveys.models import Invitation, QuestionnaireKind, Response, ResponseStatus
    from surveys.services import consents, invitations

    _org, programme, client = make_world(TEACHERS - 2 * PAIRS, "monitoring")
    curator = User.objects.get(username="cur-monitoring")
    pairs = _more_active_pairs(programme, curator, PAIRS, prefix="М")
    # A mix of forms and ends, as at the end of a year.
    forms = ["teacher_teacher"] * 20 + ["reverse"] * 5 + ["short_term"] * 5
    for pairing, form in zip(pairs, forms, strict=True):
        pairing.form = form
    Pairing.objects.bulk_update(pairs, ["form"])
    Pairing.objects.filter(pk__in=[p.pk for p in pairs[:20]]).update(
        status=PairingStatus.COMPLETED, ended_on=dt.date(2024, 12, 20)
    )
    Pairing.objects.filter(pk__in=[p.pk for p in pairs[20:23]]).update(
        status=PairingStatus.TERMINATED, ended_on=dt.date(2024, 11, 1)
    )
    people = list(StaffMember.objects.filter(organisation=programme.organisation).order_by("pk"))
    in_pairs = [p for p in people if p.last_name.startswith("М")]
    mentors = [p for p in in_pairs if "Наставник" in p.last_name]
    mentees = [p for p in in_pairs if "Наставляемая" in p.last_name]
    for person in in_pairs:
        consents.consent_give(staff=person, kind="processing", channel="online")
    expires = timezone.now() + dt.timedelta(days=30)
    for kind, group in (
        (QuestionnaireKind.MENTEE_INTAKE, [p for p in people if p not in mentors]),
        (QuestionnaireKind.MENTOR_INTAKE, mentors),
    ):
        questionnaire = programme.questionnaires.get(kind=kind)
        created, _ = invitations.invitations_create(
            questionnaire=questionnaire, staff=group, by=curator, expires_at=expires
        )
        version = questionnaire.versions.order_by("-number").first()
        Response.objects.bulk_create(
            Response(
                version=version,
                invitation=i,
                respondent=i.staff,
                status=ResponseStatus.SUBMITTED,
                submitted_at=timezone.now(),
            )
            for i in created
            if i.staff in in_pairs
        )
    # Interim feedback: two rounds, about nine in ten answer.
    Pairing.objects.filter(pk__in=[p.pk for p in pairs]).update(status=PairingStatus.ACTIVE)
    feedback.feedback_schedule_save(
        programme=programme, dates=[dt.date(2024, 10, 15), dt.date(2024, 12, 10)]
    )
    for day in (dt.date(2024, 10, 15), dt.date(2024, 12, 10)):
        feedback.feedback_send_due(programme=programme, today=day)
        interim = Invitation.objects.filter(
            questionnaire__programme=programme,
            questionnaire__kind=QuestionnaireKind.INTERIM_FEEDBACK,
            status__in=["created", "sent", "opened"],
            revoked_at__isnull=True,
        )
        # The rounds are dated in the programme's year: their links are opened again to be
        # answered now, and closed after, as at the end of the year.
        interim.update(expires_at=timezone.now() + dt.timedelta(days=1))
        for invitation in interim:
            if rng.random() < 0.9:
                _answer(
                    invitation,
                    rng,
                    progress=rng.randint(5, 10),
                    comfort=rng.randint(6, 10),
                    meetings_enough=True,
                )
        interim.update(expires_at=timezone.now() - dt.timedelta(days=1))
    feedback.satisfaction_send(programme=programme, by=curator)
    for invitation in Invitation.objects.filter(
        questionnaire__programme=programme, questionnaire__kind=QuestionnaireKind.SATISFACTION
    ):
        if rng.random() < 0.8:
            _answer(invitation, rng)
    Pairing.objects.filter(pk__in=[p.pk for p in pairs[:20]]).update(status=PairingStatus.COMPLETED)
    Pairing.objects.filter(pk__in=[p.pk for p in pairs[20:23]]).update(
        status=PairingStatus.TERMINATED
    )
    # Assessment: everyone in a pair before and after, on the shipped parameters.
    ensure_default_parameters(programme=programme)
    baseline = AssessmentRound.objects.create(
        programme=programme, kind="baseline", date=dt.date(2024, 3, 5)
    )
    final = AssessmentRound.objects.create(
        programme=programme, kind="final", date=dt.date(2025, 5, 15)
    )
    scores = []
    for scope, group in (("mentees", mentees), ("mentors", mentors)):
        for parameter in scope_parameters(programme, scope):
            for person in group:
                before = rng.randint(1, 4)
                after = min(5, before + rng.choice((0, 1, 1, 2)))
                scores += [
                    Score(round=baseline, parameter=parameter, staff=person, value=before),
                    Score(round=final, parameter=parameter, staff=person, value=after),
                ]
    Score.objects.bulk_create(scores)
    monitoring_save(
        programme=programme,
        by=curator,
        strengths="Все пары провели организационные и пробные встречи; планы утверждены в срок.",
        weaknesses="Три пары прекращены досрочно; регулярные встречи проходили реже плана.",
        opportunities="Закрепить график встреч приказом; обучить наставников планированию.",
        conclusions="Программа реализована; у большинства наставляемых баллы выросли.",
    )
    return programme, client


def main() -> None:
    rng = random.Random(2024)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        start = time.perf_counter()
        programme, client = build(rng)
        print(
            f"monitoring: built {TEACHERS} teachers and {PAIRS} pairs "
            f"in {time.perf_counter() - start:.1f} s ({connection.vendor})"
        )
        from reports.documents import monitoring as documents
        from reports.selectors import monitoring as selectors

        for label, url in (
            ("page", f"/programmes/{programme.pk}/monitoring/"),
            ("PDF (view)", f"/programmes/{programme.pk}/monitoring.pdf"),
            ("xlsx (view)", f"/programmes/{programme.pk}/monitoring.xlsx"),
        ):
            client.get(url)  # warm up
            connection.queries_log.clear()  # the log keeps 9,000 queries: the build filled it
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            queries = len(captured.captured_queries)
            assert response.status_code == 200, (url, response.status_code)
            ms, _ = timed(lambda: client.get(url), 5)  # noqa: B023
            print(
                f"monitoring {label}: {ms:7.1f} ms median, {queries} queries, "
                f"{len(response.content) // 1024} KiB"
            )
        ms, data = timed(lambda: selectors.monitoring(programme), 5)
        print(f"monitoring figures alone (selectors): {ms:7.1f} ms median")
        ms, document = timed(lambda: documents.monitoring_document(data), 3)
        size = len(document.content) // 1024
        print(f"monitoring PDF rendering alone: {ms:7.1f} ms median, {size} KiB")
        ms, _files = timed(lambda: documents.archive_files(programme), 3)
        print(f"monitoring archive files (PDF + xlsx): {ms:7.1f} ms median")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
