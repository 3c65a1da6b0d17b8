"""Sane input, one rule per field (issue 11, item 5): the same ranges refused by the page's
form, the import and the admin with the same Russian message beside the field; dates that
would overflow a time-zone conversion refused before it, never a 500; long texts limited;
tampered choices and other kindergartens' people refused visibly; names normalised before they
are stored and searched, and a probable duplicate flagged."""

import datetime as dt
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from programme import services
from programme.exceptions import DomainError
from programme.models import Event, StaffMember
from programme.resources import HEADERS
from programme.services import staff_import
from programme.validators import MINUTES_MAX_LENGTH, normalise_name
from tests.factories import CompetencyFactory, MenteeProfileFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + dt.timedelta(days=1)

# (what is typed, the field, what the message says) — one rule, so one message everywhere
BAD_STAFF = [
    ("birth_date", dt.date(1, 1, 1), "Проверьте год"),
    ("birth_date", dt.date(9999, 12, 31), "Проверьте год"),
    ("birth_date", dt.date(2999, 5, 1), "Проверьте год"),
    ("birth_date", TOMORROW, "Дата рождения не может быть в будущем"),
    ("hired_on", dt.date(1, 1, 1), "Проверьте год"),
    ("hired_on", dt.date(1970, 1, 1), "Дата приёма на работу должна быть позже даты рождения"),
    ("experience_total", "-1", "Стаж не может быть отрицательным"),
    ("experience_total", "71", "Стаж больше 70 лет"),
    ("experience_here", "-0,5", "Стаж не может быть отрицательным"),
    ("experience_here", "9", "Стаж в организации не может быть больше общего стажа"),
]
GOOD = {
    "last_name": "Новикова",
    "first_name": "Дарья",
    "patronymic": "Олеговна",
    "position": "vospitatel",
    "experience_total": "5",
    "experience_here": "2",
    "category": "first",
    "education": "высшее",
    "birth_date": dt.date(1985, 4, 1),
    "hired_on": dt.date(2019, 9, 1),
    "email": "",
    "phone": "",
}


def _form_value(value):
    return value.isoformat() if isinstance(value, dt.date) else str(value).replace(",", ".")


def _post_data(field, value):
    data = {**GOOD, field: value}
    return {k: _form_value(v) for k, v in data.items()}


def _message_beside(content: str, field: str) -> str:
    """The text of the error that crispy renders under the field (empty: none there)."""
    match = re.search(
        rf'id="id_{field}"[^>]*>.*?<(?:div|span|p) id="error_\d+_id_{field}"[^>]*>(.*?)</',
        content,
        re.S,
    ) or re.search(rf'id="id_{field}".*?class="invalid-feedback[^"]*"[^>]*>(.*?)</', content, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


@pytest.mark.parametrize(("field", "value", "message"), BAD_STAFF)
def test_the_staff_form_refuses_with_the_message_beside_the_field(
    curator_client, field, value, message
):
    page = curator_client.post(reverse("programme:staff_create"), _post_data(field, value))

    assert page.status_code == 200
    # the form's message names the field: «Дата рождения: проверьте год — …»
    assert message.casefold() in _message_beside(page.content.decode(), field).casefold()
    assert not StaffMember.objects.filter(last_name="Новикова").exists()


@pytest.mark.parametrize(
    ("field", "name"), [("birth_date", "Дата рождения"), ("hired_on", "Дата приёма")]
)
def test_the_staff_forms_year_message_names_the_date_field(curator_client, field, name):
    page = curator_client.post(
        reverse("programme:staff_create"), _post_data(field, dt.date(9999, 12, 31))
    )

    assert _message_beside(page.content.decode(), field) == (
        f"{name}: проверьте год — допустимы даты с 1900 по 2100 год."
    )


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(HEADERS.values()))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import_row(field, value):
    data = {**GOOD, "position": "воспитатель", "category": "первая", field: value}
    cells = []
    for key in HEADERS:
        cell = data[key]
        if isinstance(cell, dt.date):
            cell = f"{cell.day:02}.{cell.month:02}.{cell.year:04}"
        cells.append(cell)
    return cells


@pytest.mark.parametrize(("field", "value", "message"), BAD_STAFF)
def test_the_import_refuses_the_same_values_with_the_same_message(org, field, value, message):
    preview = staff_import.staff_import_preview(
        organisation=org, content=_xlsx([_import_row(field, value)]), filename="staff.xlsx"
    )

    errors = " ".join(e for row in preview.error_rows for e in row.errors)
    assert preview.count_error == 1, errors
    # The model's rule speaks once the reader has understood the value; a negative number of
    # years is already refused by the reader as not understood.
    assert message in errors or (value.startswith("-") and "не понят" in errors), errors
    assert not preview.can_apply


@pytest.fixture
def admin_curator_client(curator):
    services.grant_admin_access(user=curator)
    client = Client()
    client.force_login(curator, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize(("field", "value", "message"), BAD_STAFF)
def test_the_admin_refuses_the_same_values_with_the_same_message(
    admin_curator_client, org, field, value, message
):
    data = {**_post_data(field, value), "organisation": org.pk, "is_active": "on"}

    page = admin_curator_client.post(reverse("admin:programme_staffmember_add"), data)

    assert page.status_code == 200
    assert message in page.content.decode()
    assert not StaffMember.objects.filter(last_name="Новикова").exists()


# --- events: dates and texts -----------------------------------------------------------------


def _event_post(**changes):
    data = {
        "kind": "other",
        "title": "Семинар",
        "starts_at": "2024-03-12T14:00",
        "place": "",
        "description": "",
        "guests-TOTAL_FORMS": "0",
        "guests-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0001-01-01T00:00", "Дата и время: проверьте год"),
        ("9999-12-31T23:59", "Дата и время: проверьте год"),
        ("1899-12-31T23:00", "Дата и время: проверьте год"),
        ("2030-05-05T10:00", "должно быть с 2023 по 2025 год"),
        ("2021-12-31T10:00", "должно быть с 2023 по 2025 год"),
    ],
)
def test_an_event_date_out_of_range_is_refused_in_russian_never_a_500(
    curator_client, programme, value, message
):
    page = curator_client.post(
        reverse("programme:event_create", args=[programme.pk]), _event_post(starts_at=value)
    )

    assert page.status_code == 200
    assert message in _message_beside(page.content.decode(), "starts_at")
    assert not Event.objects.exists()


def test_an_event_within_the_programme_years_is_kept(curator_client, programme):
    page = curator_client.post(
        reverse("programme:event_create", args=[programme.pk]),
        _event_post(starts_at="2025-01-20T10:00"),
    )

    assert page.status_code == 302
    assert Event.objects.get().starts_at.year == 2025


def test_the_event_service_refuses_a_date_outside_the_programme(programme):
    with pytest.raises(DomainError, match="2023 по 2025"):
        services.event_create(
            programme=programme,
            kind="other",
            title="Семинар",
            starts_at=timezone.make_aware(dt.datetime(2031, 1, 1, 10, 0)),
        )


def test_the_admin_refuses_an_event_dated_year_one(admin_client, programme):
    page = admin_client.post(
        reverse("admin:programme_event_add"),
        {
            "programme": programme.pk,
            "kind": "other",
            "title": "Семинар",
            "starts_at_0": "01.01.0001",
            "starts_at_1": "00:00",
            **{
                f"{prefix}-{key}": value
                for prefix in ("invitees", "guests", "attachments")
                for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
            },
        },
    )

    assert page.status_code == 200
    assert "Проверьте год" in page.content.decode()
    assert not Event.objects.exists()


@pytest.fixture
def event(programme):
    return services.event_create(
        programme=programme,
        kind="informing",
        title="Педагогический час",
        starts_at=timezone.make_aware(dt.datetime(2024, 2, 6, 14, 0)),
    )


def test_minutes_longer_than_twenty_thousand_characters_are_refused_beside_the_field(
    curator_client, programme, event
):
    url = reverse("programme:event_minutes", args=[programme.pk, event.pk])

    page = curator_client.post(url, {"minutes": "а" * (MINUTES_MAX_LENGTH + 1)})

    assert page.status_code == 200
    assert "20000" in _message_beside(page.content.decode(), "minutes").replace(" ", "")
    event.refresh_from_db()
    assert event.minutes == ""
    with pytest.raises(DomainError, match="Протокол длиннее"):
        services.event_record_minutes(
            event=event, minutes="а" * (MINUTES_MAX_LENGTH + 1), evidence_url="/"
        )
    ok = curator_client.post(url, {"minutes": "а" * MINUTES_MAX_LENGTH})
    assert ok.status_code == 302


# --- refusals shown beside their field ----------------------------------------------------


def test_an_invitee_of_another_kindergarten_is_refused_beside_the_list(
    curator_client, programme, other_org
):
    stranger = StaffMemberFactory(organisation=other_org, last_name="Чужая")

    page = curator_client.post(
        reverse("programme:event_create", args=[programme.pk]),
        _event_post(invitees=[stranger.pk]),
    )

    assert page.status_code == 200
    content = page.content.decode()
    assert re.search(
        r'id="invitees-error">Пригласить можно только работающих сотрудников этой организации',
        content,
    )
    assert not Event.objects.exists()


def test_a_tampered_priority_is_refused_beside_the_field(curator_client, programme):
    mentee = MenteeProfileFactory(programme=programme)
    competency = CompetencyFactory(organisation=programme.organisation)
    url = reverse("programme:mentee_edit", args=[programme.pk, mentee.pk])
    data = {
        "category": "young",
        "preferred_form": "",
        "preferred_mentor": "",
        "note": "",
        "requests-TOTAL_FORMS": "1",
        "requests-INITIAL_FORMS": "0",
        "requests-0-competency": competency.pk,
        "requests-0-priority": "7",
        "requests-0-source": "curator",
        "requests-0-note": "",
    }

    page = curator_client.post(url, data)

    assert page.status_code == 200
    assert "7" in _message_beside(page.content.decode(), "requests-0-priority")
    assert not mentee.requests.exists()


def test_a_tampered_priority_in_a_questionnaire_is_shown_beside_the_competency(programme, curator):
    from surveys.models import QuestionnaireKind
    from surveys.services import invitations
    from surveys.tests.conftest import give_consent

    competency = CompetencyFactory(organisation=programme.organisation, name="Работа с родителями")
    teacher = StaffMemberFactory(organisation=programme.organisation)
    give_consent(teacher)
    intake = programme.questionnaires.get(kind=QuestionnaireKind.MENTEE_INTAKE)
    created, _ = invitations.invitations_create(
        questionnaire=intake,
        staff=[teacher],
        by=curator,
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    token = invitations.invitation_token(created[0])
    question = intake.versions.get().questions.get(kind="competencies")
    field = f"q{question.pk}_c{competency.pk}"
    url = reverse("surveys:fill", args=[token])
    page = Client().get(url)
    section = next(
        i
        for i in range(1, 10)
        if f'name="{field}"' in Client().get(f"{url}?section={i}").content.decode()
    )

    page = Client().post(f"{url}?section={section}", {field: "7", "action": "save"})

    assert page.status_code == 200
    content = page.content.decode()
    widget = content.index(f'name="{field}"')
    assert "invalid-feedback" in content[widget : widget + 600]
    assert "7" in content[widget : widget + 600]


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Иванова\u200b", "Иванова"),
        ("\u202eавонавИ", "авонавИ"),
        ("Ива\u00adнова", "Иванова"),
        ("  Иванова \u00a0 Петрова  ", "Иванова Петрова"),
        ("Иванова\u2066\u2069", "Иванова"),
        ("\ufeffИванова", "Иванова"),
        ("Ивано\u0301ва", "Ивано\u0301ва"),  # a stress mark is a letter's part, kept (NFC)
        ("Алёна", "Алёна"),
    ],
)
def test_names_are_normalised(typed, stored):
    import unicodedata

    assert normalise_name(typed) == unicodedata.normalize("NFC", stored)


def test_a_name_is_stored_normalised_from_the_form(curator_client):
    data = _post_data("last_name", "  Новикова\u200b\u202e ")
    data["first_name"] = "Дарья\u00a0\u00a0"

    page = curator_client.post(reverse("programme:staff_create"), data)

    assert page.status_code == 302
    member = StaffMember.objects.get(first_name="Дарья")
    assert member.last_name == "Новикова"
    assert member.full_name == "Новикова Дарья Олеговна"  # nothing turns a list around


def test_a_zero_width_space_twin_is_refused_as_a_duplicate(curator_client, org):
    StaffMemberFactory(
        organisation=org, last_name="Новикова", first_name="Дарья", patronymic="Олеговна"
    )
    data = _post_data("last_name", "Новико\u200bва")

    page = curator_client.post(reverse("programme:staff_create"), data)

    assert page.status_code == 200
    assert "уже есть в списке" in page.content.decode()
    assert StaffMember.objects.filter(organisation=org, first_name="Дарья").count() == 1


def test_a_zero_width_space_twin_in_the_import_is_the_same_person(org):
    StaffMemberFactory(
        organisation=org,
        last_name="Новикова",
        first_name="Дарья",
        patronymic="Олеговна",
        birth_date=GOOD["birth_date"],
    )
    row = _import_row("last_name", "Новико\u200bва")

    preview = staff_import.staff_import_preview(
        organisation=org, content=_xlsx([row]), filename="staff.xlsx"
    )

    assert preview.count_new == 0
    assert preview.count_update + preview.count_same == 1


def test_a_probable_duplicate_is_flagged_on_create(curator_client, org):
    StaffMemberFactory(
        organisation=org,
        last_name="Семёнова",
        first_name="Алёна",
        patronymic="Олеговна",
        birth_date=GOOD["birth_date"],
    )
    data = _post_data("last_name", "СЕМЕНОВА")
    data["first_name"] = "алена"

    page = curator_client.post(reverse("programme:staff_create"), data, follow=True)

    content = page.content.decode()
    assert "Возможно, это повтор" in content
    assert "Семёнова Алёна Олеговна" in content
    assert StaffMember.objects.filter(organisation=org, patronymic="Олеговна").count() == 2


def test_a_namesake_with_another_birth_date_is_not_flagged(curator_client, org):
    StaffMemberFactory(
        organisation=org,
        last_name="Семёнова",
        first_name="Алёна",
        patronymic="Олеговна",
        birth_date=dt.date(1970, 1, 1),
    )
    data = _post_data("last_name", "Семенова")
    data["first_name"] = "Алена"

    page = curator_client.post(reverse("programme:staff_create"), data, follow=True)

    assert "Возможно, это повтор" not in page.content.decode()


def test_the_search_finds_a_name_typed_with_invisible_characters(curator_client, org):
    StaffMemberFactory(organisation=org, last_name="Новикова", first_name="Дарья")

    page = curator_client.get(reverse("programme:staff_list"), {"q": "Нови\u200bкова\u202e"})

    assert "Новикова" in page.content.decode()
