"""Questionnaires as versioned data: presets for every new programme, and new versions when a
questionnaire that has answers is edited."""

from django.db import transaction

from programme.exceptions import DomainError
from programme.models import Programme

from ..models import (
    Choice,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
)
from ..presets import PRESETS
from .consents import ensure_consent_texts


def current_version(questionnaire: Questionnaire) -> QuestionnaireVersion:
    return questionnaire.versions.order_by("-number").first()


def is_frozen(version: QuestionnaireVersion) -> bool:
    """A version somebody has answered is never changed again."""
    return Response.objects.filter(version=version).exists()


def _create_questions(version: QuestionnaireVersion, spec: dict) -> None:
    for s_index, section_spec in enumerate(spec["sections"], start=1):
        section = Section.objects.create(
            version=version,
            order=s_index,
            title=section_spec["title"],
            description=section_spec.get("description", ""),
        )
        for q_index, q_spec in enumerate(section_spec["questions"], start=1):
            scale = q_spec.get("scale")
            question = Question.objects.create(
                version=version,
                section=section,
                order=q_index,
                kind=q_spec["kind"],
                text=q_spec["text"],
                help_text=q_spec.get("help_text", ""),
                required=q_spec.get("required", True),
                scale_min=scale[0] if scale else None,
                scale_max=scale[1] if scale else None,
                scale_min_label=scale[2] if scale else "",
                scale_max_label=scale[3] if scale else "",
                maps_to=q_spec.get("maps_to", ""),
                people_source=q_spec.get("people_source", ""),
                allow_unwanted=q_spec.get("allow_unwanted", False),
                code=q_spec["code"],
            )
            Choice.objects.bulk_create(
                Choice(question=question, order=i, text=text, value=value)
                for i, (text, value) in enumerate(q_spec.get("choices", []), start=1)
            )


@transaction.atomic
def load_presets(programme: Programme) -> None:
    """Every preset questionnaire the programme does not have yet, as version 1."""
    ensure_consent_texts(organisation=programme.organisation)
    present = set(programme.questionnaires.values_list("kind", flat=True))
    for kind, spec in PRESETS.items():
        if kind in present:
            continue
        questionnaire = Questionnaire.objects.create(
            programme=programme, kind=kind, title=spec["title"], description=spec["description"]
        )
        version = QuestionnaireVersion.objects.create(
            questionnaire=questionnaire, number=1, note="Исходная версия"
        )
        _create_questions(version, spec)


@transaction.atomic
def version_fork(*, version: QuestionnaireVersion, note: str = "") -> QuestionnaireVersion:
    """A copy of the version's sections, questions and choices as the next version, to edit."""
    newest = current_version(version.questionnaire)
    if newest.pk != version.pk:
        raise DomainError(f"Есть более новая версия ({newest.number}): правьте её.")
    new = QuestionnaireVersion.objects.create(
        questionnaire=version.questionnaire,
        number=version.number + 1,
        note=note or f"Правка версии {version.number}",
    )
    sections = {}
    for section in version.sections.all():
        sections[section.pk] = Section.objects.create(
            version=new,
            order=section.order,
            title=section.title,
            description=section.description,
        )
    for question in version.questions.prefetch_related("choices"):
        choices = list(question.choices.all())
        old_section = question.section_id
        question.pk = None
        question.version = new
        question.section = sections.get(old_section)
        question.save()
        Choice.objects.bulk_create(
            Choice(question=question, order=c.order, text=c.text, value=c.value) for c in choices
        )
    return new


def copy_questionnaires(*, source: Programme, target: Programme) -> None:
    """Next year's programme takes this year's questionnaires as they were last edited."""
    for questionnaire in source.questionnaires.all():
        if target.questionnaires.filter(kind=questionnaire.kind).exists():
            continue
        version = current_version(questionnaire)
        copy = Questionnaire.objects.create(
            programme=target,
            kind=questionnaire.kind,
            title=questionnaire.title,
            description=questionnaire.description,
        )
        fork = version_fork(version=version)
        fork.questionnaire = copy
        fork.number = 1
        fork.note = f"Из программы {source.year} года"
        fork.save(update_fields=["questionnaire", "number", "note"])


def on_programme_created(programme: Programme) -> None:
    """A new programme gets last year's questionnaires as edited, or the shipped presets."""
    if programme.previous_id:
        copy_questionnaires(source=programme.previous, target=programme)
    load_presets(programme)
