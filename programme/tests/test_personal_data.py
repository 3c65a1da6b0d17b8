"""The catalogue of personal data (programme/models/personal_data.py) against the models: every
field of every model that holds data about a person is either in a category the consent text
lists or named as technical, and the catalogue names no field that does not exist."""

from django.apps import apps
from django.db import models as django_models
from django.test.utils import isolate_apps

from programme.models.personal_data import (
    ANSWER_COPIES,
    CATEGORIES,
    CLEAR,
    ENTRIES,
    ERASED_WITH_PERSON,
    EXTRA_PERSON_MODELS,
    NOT_ANSWER_COPIES,
    REWRITE,
    ROLE_LINKS,
    TECHNICAL,
    answer_copy_classes,
    catalogued_fields,
    data_fields,
    person_models,
    text_fields,
)


def test_every_personal_field_of_every_model_is_in_the_catalogue():
    known = catalogued_fields() | set(TECHNICAL)
    missing = [f for model in person_models() for f in data_fields(model) if f not in known]
    assert missing == [], (
        "Add these fields to a category of programme/models/personal_data.py (the consent text "
        f"lists the categories) or to TECHNICAL with the reason: {missing}"
    )


def test_the_catalogue_names_only_fields_that_exist():
    def exists(path: str) -> bool:
        label, name = path.rsplit(".", 1)
        try:
            model = apps.get_model(label)
        except LookupError:
            return False
        return name in {f.name for f in model._meta.concrete_fields}

    stale = [f for f in catalogued_fields() | set(TECHNICAL) if not exists(f)]
    assert stale == []
    for link in ROLE_LINKS:
        label, name = link.rsplit(".", 1)
        assert apps.get_model(label)._meta.get_field(name)
    for label in EXTRA_PERSON_MODELS:
        assert apps.get_model(label)


def test_the_scope_reaches_models_linked_through_other_person_records():
    labels = {m._meta.label for m in person_models()}
    # Directly linked, linked through a profile or a response, and the login.
    assert {"programme.Score", "surveys.Answer", "programme.MenteeRequest", "programme.User"} <= (
        labels
    )
    # A role link alone does not make a record personal data of the person.
    assert "programme.Programme" not in labels and "pairing.Order" not in labels


def test_every_category_has_words_for_the_consent_text():
    codes = [c.code for c in CATEGORIES]
    assert len(codes) == len(set(codes))
    assert all(len(c.label) > 5 for c in CATEGORIES)


# --- Copies of answers (issue 22 §3) ---------------------------------------------------------

CATALOGUE_APPS = ("programme", "surveys", "pairing", "reports")


def unclassified_text_fields(models) -> list[str]:
    known = answer_copy_classes()
    return [f for model in models for f in text_fields(model) if f not in known]


def test_every_text_field_is_classified_as_a_copy_of_answers_or_not():
    models = [m for m in apps.get_models() if m._meta.app_label in CATALOGUE_APPS]
    missing = unclassified_text_fields(models)
    assert missing == [], (
        "A text field may hold a copy of a person's answers: add it to ANSWER_COPIES with its "
        "erasure rule, to ERASED_WITH_PERSON, or to NOT_ANSWER_COPIES with the reason "
        f"(programme/models/personal_data.py): {missing}"
    )


@isolate_apps("programme")
def test_a_new_text_field_without_a_rule_fails_the_catalogue():
    class CaseDraft(django_models.Model):
        story = django_models.TextField()
        kind = django_models.CharField(max_length=5, choices=[("a", "a")])

        class Meta:
            app_label = "programme"

        def __str__(self) -> str:
            return self.story

    assert unclassified_text_fields([CaseDraft]) == ["programme.CaseDraft.story"]


def test_every_copy_rule_names_a_real_field_a_lookup_and_a_known_rule():
    from programme.models import StaffMember

    classes = [set(NOT_ANSWER_COPIES), set(ERASED_WITH_PERSON), {c.field for c in ANSWER_COPIES}]
    for i, one in enumerate(classes):
        for other in classes[i + 1 :]:
            assert not one & other, one & other
    staff = StaffMember(pk=1)
    for copy in ANSWER_COPIES:
        label, name = copy.field.rsplit(".", 1)
        model = apps.get_model(label)
        assert model._meta.get_field(name)
        assert copy.rule in (REWRITE, CLEAR, ENTRIES)
        assert len(copy.label) > 5
        if copy.rule != ENTRIES:
            str(model._default_manager.filter(**{copy.person: staff}).query)
    for name in (*NOT_ANSWER_COPIES, *ERASED_WITH_PERSON):
        label, field = name.rsplit(".", 1)
        assert apps.get_model(label)._meta.get_field(field)
