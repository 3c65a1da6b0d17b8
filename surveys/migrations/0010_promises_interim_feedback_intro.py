"""Data migration: the interim feedback questionnaires still carrying the preset's old intro
(«Ответы обобщаются.») get the new one, which says what the curator sees of the answers.
A curator's own intro is left as she wrote it. The texts are copied here, not imported, so
that the migration stays as it was written whatever the preset becomes."""

from django.db import migrations

OLD = "Короткая анкета о том, как идёт работа в паре. Ответы обобщаются."
NEW = (
    "Короткая анкета о том, как идёт работа в паре. Куратор видит оценки продвижения и "
    "комфорта только одной общей цифрой по паре (группе) — средней по наставнику и "
    "наставляемым вместе, когда сбор закрыт и ответили не меньше двух участников пары. Чья "
    "какая оценка, куратору не показывается."
)


def forward(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Questionnaire.objects.filter(kind="interim_feedback", description=OLD).update(description=NEW)


def backward(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Questionnaire.objects.filter(kind="interim_feedback", description=NEW).update(description=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0009_consent_scan_private_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
