"""One notice per person per order (a mentor of two pairs gets one letter listing both).

Data migration: where an order had several notices of one person (one per pair), the one with
the lowest id is kept and takes the earliest sending and printing marks of the others; the
others are deleted. The letter lists all her pairs from the order's lines."""

from django.db import migrations, models


def merge_notices(apps, schema_editor):
    Notice = apps.get_model("pairing", "Notice")
    kept: dict[tuple[int, int], object] = {}
    for notice in Notice.objects.order_by("order_id", "staff_id", "pk"):
        key = (notice.order_id, notice.staff_id)
        first = kept.get(key)
        if first is None:
            kept[key] = notice
            continue
        changed = []
        for field in ("emailed_at", "printed_at"):
            mine, theirs = getattr(first, field), getattr(notice, field)
            if theirs is not None and (mine is None or theirs < mine):
                setattr(first, field, theirs)
                changed.append(field)
        if changed:
            first.save(update_fields=changed)
        notice.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pairing", "0006_docs_neutral_labels"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="notice", name="notice_unique"),
        migrations.RunPython(merge_notices, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="notice",
            constraint=models.UniqueConstraint(
                fields=("order", "staff"), name="notice_one_per_person"
            ),
        ),
    ]
