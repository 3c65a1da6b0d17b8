import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("surveys", "0007_preferred_mentor_from_mentor_base")]

    operations = [
        migrations.AddField(
            model_name="consenttext",
            name="requires_reconsent",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Все, кто согласился с более ранней версией, дают согласие заново; до этого "
                    "их новые ответы не сохраняются. Без отметки версия действует только для "
                    "новых согласий."
                ),
                verbose_name="требует повторного согласия",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="withdrawal_report",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="что удалено и что сохранено при отзыве"
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="superseded_by",
            field=models.ForeignKey(
                blank=True,
                help_text=(
                    "Повторное согласие на новую версию текста: прежнее перестаёт действовать."
                ),
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="surveys.consent",
                verbose_name="заменено согласием",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="publish_categories",
            field=models.JSONField(blank=True, default=list, verbose_name="разрешено публиковать"),
        ),
        migrations.AddField(
            model_name="consent",
            name="publish_bans",
            field=models.TextField(blank=True, verbose_name="запреты"),
        ),
        migrations.AddField(
            model_name="consent",
            name="publish_conditions",
            field=models.TextField(blank=True, verbose_name="условия"),
        ),
    ]
