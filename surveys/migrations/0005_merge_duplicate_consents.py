"""Merge the duplicate valid consents that double clicks left, before the database forbids them.

For each person and kind with more than one consent not withdrawn, the earliest one stays: it is
when the person first agreed. The later ones were the same agreement recorded again a moment
later (a second click, a second device), not separate acts, so they are removed rather than
marked withdrawn: a «withdrawn» mark would put a withdrawal into the register that the person
never made, and withdrawal triggers erasure. Withdrawn consents are never touched, so the
history of real withdrawals stays as it was. Answers that pointed at a removed duplicate point
at the kept consent; a paper scan on a duplicate moves to the kept consent if it had none.
"""

from django.db import migrations
from django.db.models import Count


def merge_duplicate_consents(apps, schema_editor):
    Consent = apps.get_model("surveys", "Consent")
    Response = apps.get_model("surveys", "Response")
    groups = (
        Consent.objects.filter(withdrawn_at__isnull=True)
        .values("staff_id", "kind")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    for group in groups:
        valid = list(
            Consent.objects.filter(
                staff_id=group["staff_id"], kind=group["kind"], withdrawn_at__isnull=True
            ).order_by("given_at", "pk")
        )
        keeper, duplicates = valid[0], valid[1:]
        for duplicate in duplicates:
            if not keeper.scan and duplicate.scan:
                keeper.scan = duplicate.scan
                keeper.save(update_fields=["scan"])
        ids = [d.pk for d in duplicates]
        Response.objects.filter(consent_id__in=ids).update(consent=keeper)
        Consent.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_preference_field")]

    operations = [migrations.RunPython(merge_duplicate_consents, migrations.RunPython.noop)]
