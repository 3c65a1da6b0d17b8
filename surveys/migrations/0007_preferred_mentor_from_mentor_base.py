"""The intake's «предпочитаемый наставник» offers the programme's mentors and candidates, not
every staff member (the list grew with the staff: 370 people, 38 KB a section). Questionnaires
made from the earlier preset are brought in line; a question the curator pointed elsewhere is
left as it is."""

from django.db import migrations


def to_mentor_base(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    Question.objects.filter(maps_to="mentee.preferred_mentor", people_source="staff").update(
        people_source="mentors"
    )


def to_staff(apps, schema_editor):
    Question = apps.get_model("surveys", "Question")
    Question.objects.filter(maps_to="mentee.preferred_mentor", people_source="mentors").update(
        people_source="staff"
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0006_consent_one_valid_per_kind")]

    operations = [migrations.RunPython(to_mentor_base, to_staff)]
