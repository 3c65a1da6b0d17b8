from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("surveys", "0005_merge_duplicate_consents")]

    operations = [
        migrations.AddConstraint(
            model_name="consent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("withdrawn_at__isnull", True)),
                fields=("staff", "kind"),
                name="consent_one_valid_per_kind",
            ),
        ),
    ]
