"""Who may open the pages of assessment, interviews and training. Every route of
programme/urls/{assessment,interviews,training}.py must be in PAGES, so a new page cannot
skip this table."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programme.models import Material, MentorProfile, Score
from programme.models.bases import MentorStatus
from programme.services import training
from programme.urls import assessment as assessment_urls
from programme.urls import interviews as interview_urls
from programme.urls import training as training_urls
from tests.factories import MenteeProfileFactory, MentorProfileFactory
from tests.factories_assessment import (
    AssessmentParameterFactory,
    AssessmentRoundFactory,
    ExpertFactory,
    InterviewFactory,
    TrainingSessionFactory,
)
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()  # a PDF that opens: uploads are checked with pypdf


@pytest.fixture
def records(programme, org):
    mentee = MenteeProfileFactory(programme=programme)
    mentor = MentorProfileFactory(programme=programme, status=MentorStatus.TRAINING)
    parameter = AssessmentParameterFactory(programme=programme)
    return {
        "pk": programme.pk,
        "mentee": mentee,
        "mentor_pk": mentor.pk,
        "parameter_pk": parameter.pk,
        "round_pk": AssessmentRoundFactory(programme=programme).pk,
        "scope": "mentees",
        "interview_pk": InterviewFactory(mentor=mentor).pk,
        "session_pk": TrainingSessionFactory(programme=programme).pk,
        "expert_pk": ExpertFactory(organisation=org).pk,
        "material_pk": training.material_add(
            programme=programme, upload=SimpleUploadedFile("m.pdf", PDF)
        ).pk,
        "parameter": parameter,
    }


# route name → the URL arguments it takes
PAGES = {
    "assessment_home": ["pk"],
    "assessment_go": ["pk"],
    "parameter_create": ["pk"],
    "parameters_defaults": ["pk"],
    "parameter_edit": ["pk", "parameter_pk"],
    "parameter_delete": ["pk", "parameter_pk"],
    "round_create": ["pk"],
    "round_export": ["pk", "round_pk"],
    "score_grid": ["pk", "round_pk", "scope"],
    "assessment_comparison": ["pk"],
    "interview_list": ["pk"],
    "interview_create": ["pk"],
    "interview_edit": ["pk", "interview_pk"],
    "training_home": ["pk"],
    "training_settings": ["pk"],
    "session_create": ["pk"],
    "session_edit": ["pk", "session_pk"],
    "training_mark": ["pk", "mentor_pk"],
    "expert_list": ["pk"],
    "expert_edit": ["pk", "expert_pk"],
    "material_list": ["pk"],
    "material_download": ["pk", "material_pk"],
    "material_delete": ["pk", "material_pk"],
}


POST_ONLY = {"parameters_defaults", "parameter_delete", "training_mark", "material_delete"}


def urls(records):
    return {
        name: reverse(f"programme:{name}", args=[records[a] for a in args])
        for name, args in PAGES.items()
    }


def test_every_route_of_this_part_is_in_the_permission_table():
    routes = assessment_urls.urlpatterns + interview_urls.urlpatterns + training_urls.urlpatterns
    assert {p.name for p in routes} == set(PAGES)


def test_curator_of_another_organisation_gets_404_on_every_page(other_curator_client, records):
    for name, url in urls(records).items():
        expected_get = 405 if name in POST_ONLY else 404  # a POST-only route reveals nothing
        assert other_curator_client.get(url).status_code == expected_get, name
        assert other_curator_client.post(url, {}).status_code == 404, name


def test_curator_of_another_organisation_changes_nothing_by_posting(other_curator_client, records):
    mentee, parameter = records["mentee"], records["parameter"]
    grid = reverse(
        "programme:score_grid", args=[records["pk"], records["round_pk"], records["scope"]]
    )

    other_curator_client.post(grid, {f"s-{mentee.staff_id}-{parameter.pk}": "5"})
    other_curator_client.post(
        reverse("programme:training_mark", args=[records["pk"], records["mentor_pk"]])
    )
    other_curator_client.post(
        reverse("programme:material_delete", args=[records["pk"], records["material_pk"]])
    )

    assert not Score.objects.exists()
    assert MentorProfile.objects.get().status == MentorStatus.TRAINING
    assert Material.objects.count() == 1


def test_teacher_is_refused_every_page(teacher_client, records):
    for name, url in urls(records).items():
        assert teacher_client.get(url).status_code == (405 if name in POST_ONLY else 403), name
        assert teacher_client.post(url, {}).status_code == 403, name


def test_regional_coordinator_reads_rounds_and_materials_not_peoples_scores(
    regional_client, records
):
    # Figures, not people (issue 11): scores, interviews, attendance and experts' contacts
    # are named personal data; the rounds, parameters and training materials are not.
    pages = urls(records)
    for name in ("assessment_home", "material_list"):
        assert regional_client.get(pages[name]).status_code == 200, name
    for name in ("score_grid", "assessment_comparison", "interview_list", "round_export"):
        assert regional_client.get(pages[name]).status_code == 403, name
    for name in ("training_home", "expert_list"):
        assert regional_client.get(pages[name]).status_code == 403, name
    assert regional_client.post(pages["score_grid"], {}).status_code == 403
    assert regional_client.post(pages["material_list"], {}).status_code == 403


def test_curator_opens_every_page(curator_client, records):
    for name, url in urls(records).items():
        if name in POST_ONLY:
            continue
        assert curator_client.get(url).status_code in (200, 302), name
