import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("programme", "0004_staff_import_mapping"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="processor_name",
            field=models.CharField(
                blank=True,
                max_length=500,
                verbose_name="обработчик по поручению (например, хостинг)",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="processor_address",
            field=models.CharField(blank=True, max_length=500, verbose_name="адрес обработчика"),
        ),
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "object_pk",
                    models.CharField(db_index=True, max_length=255, verbose_name="object pk"),
                ),
                (
                    "object_id",
                    models.BigIntegerField(
                        blank=True, db_index=True, null=True, verbose_name="object id"
                    ),
                ),
                ("object_repr", models.TextField(verbose_name="object representation")),
                ("serialized_data", models.JSONField(null=True)),
                (
                    "action",
                    models.PositiveSmallIntegerField(
                        choices=[(0, "create"), (1, "update"), (2, "delete"), (3, "access")],
                        db_index=True,
                        verbose_name="action",
                    ),
                ),
                ("changes_text", models.TextField(blank=True, verbose_name="change message")),
                ("changes", models.JSONField(null=True, verbose_name="change message")),
                (
                    "cid",
                    models.CharField(
                        blank=True,
                        db_index=True,
                        max_length=255,
                        null=True,
                        verbose_name="Correlation ID",
                    ),
                ),
                (
                    "remote_addr",
                    models.GenericIPAddressField(
                        blank=True, null=True, verbose_name="remote address"
                    ),
                ),
                (
                    "remote_port",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="remote port"),
                ),
                (
                    "timestamp",
                    models.DateTimeField(
                        db_index=True,
                        default=django.utils.timezone.now,
                        verbose_name="timestamp",
                    ),
                ),
                (
                    "additional_data",
                    models.JSONField(blank=True, null=True, verbose_name="additional data"),
                ),
                (
                    "actor_email",
                    models.CharField(
                        blank=True, max_length=254, null=True, verbose_name="actor email"
                    ),
                ),
                (
                    "person_id",
                    models.BigIntegerField(blank=True, null=True, verbose_name="о ком (педагог)"),
                ),
                (
                    "actor_label",
                    models.CharField(
                        blank=True, max_length=100, verbose_name="кто (если не пользователь)"
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="actor",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="content type",
                    ),
                ),
            ],
            options={
                "verbose_name": "запись журнала изменений",
                "verbose_name_plural": "журнал изменений",
                "ordering": ["-timestamp"],
                "get_latest_by": "timestamp",
                "abstract": False,
                "indexes": [
                    models.Index(
                        fields=["person_id", "timestamp"], name="programme_a_person__7d56d0_idx"
                    )
                ],
            },
        ),
    ]
