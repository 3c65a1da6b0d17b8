"""Stored links cleaned of control characters (issue 22 §5): a meeting link with «\\r\\n» made
every calendar feed of the pair answer 500. The rule now refuses them; rows stored before are
cleaned here: the characters are removed, and a link still unsafe after that is blanked."""

import unicodedata
from urllib.parse import urlsplit

from django.db import migrations

FIELDS = [
    ("programme.Organisation", "site"),
    ("programme.Activity", "evidence_url"),
    ("programme.Material", "url"),
]


# Copied here, not imported: a migration keeps the rule as it stood when it was written.
FORBIDDEN = ("Cc", "Cf", "Zl", "Zp")
JOINERS = ("\u200c", "\u200d")
SCHEMES = ("http", "https")


def _clean(value: str) -> str:
    """Control, format and line-separator characters removed (they are never part of a real
    address: a pasted line break, a bidi override); blank if what is left is not an http(s)
    address with a host or a path of this site."""
    value = "".join(
        c for c in value if unicodedata.category(c) not in FORBIDDEN or c in JOINERS
    ).strip()
    if value.startswith("/"):
        return "" if value.startswith(("//", "/\\")) else value
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    return value if parts.scheme.lower() in SCHEMES and parts.netloc else ""


def clean_links(apps, schema_editor):
    for label, name in FIELDS:
        model = apps.get_model(label)
        for pk, value in model.objects.exclude(**{name: ""}).values_list("pk", name).iterator():
            cleaned = _clean(value or "")
            if cleaned != value:
                model.objects.filter(pk=pk).update(**{name: cleaned})


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0009_uploads_staff_import_job"),
    ]

    operations = [migrations.RunPython(clean_links, migrations.RunPython.noop)]
