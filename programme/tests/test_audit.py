"""The audit trail (issue 13 item 6): who changed personal data, when, from where, which fields;
«по личной ссылке» for a link; downloads of named exports; no password or token hash; the
history on the staff card; pruning after the term."""

import datetime as dt
import json

import pytest
from auditlog.context import set_actor
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from programme.audit import AUDITED, TOKEN_ACTOR
from programme.models import AuditEntry, StaffMember
from programme.services import staff as staff_services
from surveys.models import Consent, QuestionnaireKind, Response
from surveys.services import invitations
from tests.factories import StaffMemberFactory
from tests.factories_assessment import ScoreFactory


def entries_for(obj):
    return AuditEntry.objects.get_for_object(obj).order_by("timestamp", "pk")


def staff_form_data(member: StaffMember, **changes) -> dict:
    data = {
        "last_name": member.last_name,
        "first_name": member.first_name,
        "patronymic": member.patronymic,
        "position": member.position,
        "experience_total": "3",
        "experience_here": "1",
        "category": member.category,
        "education": member.education,
        "email": member.email,
        "phone": member.phone,
    }
    data.update(changes)
    return data


def test_a_change_to_a_staff_record_is_recorded_with_the_actor_address_and_fields(
    curator_client, curator, org
):
    member = StaffMemberFactory(organisation=org, last_name="Иванова")
    page = curator_client.post(
        reverse("programme:staff_edit", args=[member.pk]),
        staff_form_data(member, last_name="Петрова"),
        REMOTE_ADDR="192.0.2.10",
    )
    assert page.status_code == 302, page.content.decode()[:500]
    entry = entries_for(member).filter(action=AuditEntry.Action.UPDATE).last()
    assert entry.actor == curator
    assert entry.remote_addr == "192.0.2.10"
    assert entry.changes["last_name"] == ["Иванова", "Петрова"]
    assert entry.person_id == member.pk


def test_the_curator_sees_the_history_on_the_staff_card(curator_client, org):
    member = StaffMemberFactory(organisation=org)
    with set_actor(None):
        member.phone = "+7 900 000-00-01"
        member.save()
    page = curator_client.get(reverse("programme:staff_edit", args=[member.pk]))
    text = page.content.decode()
    assert "История изменений" in text and "телефон" in text


def test_a_score_change_leaves_an_entry_with_the_actor(programme, curator, bob_staff):
    with set_actor(curator):
        score = ScoreFactory(round__programme=programme, staff=bob_staff, value=2)
        score.value = 4
        score.save()
    update = entries_for(score).filter(action=AuditEntry.Action.UPDATE).get()
    assert update.actor == curator and update.changes["value"] == [2, 4]
    assert update.person_id == bob_staff.pk


@pytest.fixture
def bob_staff(teacher):
    return teacher.staff_member


def test_a_link_token_consent_and_answer_are_attributed_to_the_personal_link(
    client, programme, bob_staff, curator
):
    questionnaire = programme.questionnaires.get(kind=QuestionnaireKind.MENTEE_INTAKE)
    created, _ = invitations.invitations_create(
        questionnaire=questionnaire,
        staff=[bob_staff],
        by=curator,
        expires_at=timezone.now() + dt.timedelta(days=5),
        send_email=False,
    )
    invitation = created[0]
    token = invitations.invitation_token(invitation)
    client.post(reverse("surveys:fill_consent", args=[token]), {"agree": "on"})
    question = questionnaire.versions.get().questions.get(code="experience")
    client.post(reverse("surveys:fill", args=[token]), {f"q{question.pk}": "2", "action": "save"})
    consent = Consent.objects.get(staff=bob_staff)
    consent_entry = entries_for(consent).get()
    assert consent_entry.actor is None and consent_entry.actor_label == TOKEN_ACTOR
    response = Response.objects.get()
    answer_entries = entries_for(response)
    assert answer_entries.exists()
    assert all(e.actor_label == TOKEN_ACTOR for e in answer_entries)
    # No entry anywhere holds the token or its hash.
    dump = json.dumps(
        list(AuditEntry.objects.values("changes", "object_repr", "additional_data")),
        ensure_ascii=False,
        default=str,
    )
    assert invitation.token_hash not in dump and token not in dump
    assert invitation.token_nonce not in dump


def test_passwords_are_never_recorded(org):
    member = StaffMemberFactory(organisation=org)
    user, _password = staff_services.staff_create_login(
        member=member, username="teacher7", role="teacher"
    )
    user.set_password("another-secret-1")
    user.save()
    dump = json.dumps(list(AuditEntry.objects.values("changes", "serialized_data")), default=str)
    assert user.password not in dump and "password" not in dump
    assert AuditEntry.objects.filter(object_repr__icontains="teacher7").exists()


def test_downloads_of_named_exports_are_logged(curator_client, curator, programme):
    curator_client.get(reverse("programme:staff_export", args=["csv"]))
    questionnaire = programme.questionnaires.get(kind=QuestionnaireKind.MENTEE_INTAKE)
    curator_client.get(reverse("surveys:results_xlsx", args=[programme.pk, questionnaire.pk]))
    downloads = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS, actor=curator)
    files = sorted(e.changes["выгрузка"][1] for e in downloads)
    assert files == [f"Ответы — {questionnaire.title}.xlsx", "Педагоги — Детский сад № 30.csv"]


def test_old_entries_are_pruned_after_the_term(org, settings):
    member = StaffMemberFactory(organisation=org)
    old = entries_for(member).get()
    AuditEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - dt.timedelta(days=40))
    member.phone = "1"
    member.save()
    call_command("audit_prune", days=30)
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert entries_for(member).count() == 1


def test_the_registry_names_existing_models():
    from django.apps import apps

    for item in AUDITED:
        assert apps.get_model(item.label)


def test_the_staff_card_history_takes_a_constant_number_of_queries(
    curator_client, org, django_assert_max_num_queries
):
    member = StaffMemberFactory(organisation=org)
    url = reverse("programme:staff_edit", args=[member.pk])
    curator_client.get(url)
    for number in range(15):
        with set_actor(None):
            member.phone = str(number)
            member.save()
    with django_assert_max_num_queries(25):
        curator_client.get(url)


def test_a_bulk_staff_import_leaves_an_entry_per_row_with_the_actor(org, curator):
    from django.contrib.contenttypes.models import ContentType

    from programme.services import staff_import
    from programme.tests.staff_import_files import municipal_xlsx

    content = municipal_xlsx(20)
    preview = staff_import.staff_import_preview(
        organisation=org, content=content, filename="staff.xlsx"
    )
    with set_actor(curator, remote_addr="192.0.2.44"):
        staff_import.staff_import_apply(
            organisation=org, content=content, filename="staff.xlsx", digest=preview.digest
        )
    staff_type = ContentType.objects.get_for_model(StaffMember)
    created = AuditEntry.objects.filter(content_type=staff_type, action=AuditEntry.Action.CREATE)
    imported = StaffMember.objects.filter(organisation=org, last_name__startswith="Педагогова")
    assert imported.count() == 20
    assert set(created.values_list("object_id", flat=True)) >= set(
        imported.values_list("pk", flat=True)
    )
    entry = created.get(object_id=imported.first().pk)
    assert entry.actor == curator and entry.remote_addr == "192.0.2.44"
    assert entry.person_id == imported.first().pk and "last_name" in entry.changes
