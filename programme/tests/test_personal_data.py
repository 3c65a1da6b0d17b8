"""The catalogue of personal data (programme/models/personal_data.py) against the models: every
field of every model that holds data about a person is either in a category the consent text
lists or named as technical, and the catalogue names no field that does not exist."""

from django.apps import apps

from programme.models.personal_data import (
    CATEGORIES,
    EXTRA_PERSON_MODELS,
    ROLE_LINKS,
    TECHNICAL,
    catalogued_fields,
    data_fields,
    person_models,
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
