"""The audit trail's own actions: entries the signals cannot write (a download, a withdrawal),
anonymising a person's entries when she withdraws her consent, and pruning old entries.

What is audited, and how a record names its person, is listed in programme/audit.py.
"""

import datetime as dt
import json

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from ..models import AuditEntry, StaffMember, User

ANONYMISED = "обезличено"
HIDDEN = "—"


def log_download(*, obj, what: str) -> AuditEntry:
    """A download of a named export (results.xlsx, the staff list): who, when, from where."""
    return AuditEntry.objects.log_create(
        obj,
        action=AuditEntry.Action.ACCESS,
        changes={"выгрузка": [None, what]},
        force_log=True,
    )


def log_withdrawal(*, consent, channel: str) -> AuditEntry:
    """The entry of a withdrawal, written after the person's other entries are anonymised: the
    one entry about her that stays as it is."""
    return AuditEntry.objects.log_create(
        consent,
        action=AuditEntry.Action.UPDATE,
        changes={
            "withdrawn_at": [None, consent.withdrawn_at.isoformat()],
            "withdrawal_channel": ["", channel],
        },
        force_log=True,
    )


def _hidden_changes(changes):
    if not isinstance(changes, dict):
        return None
    return {name: [HIDDEN, HIDDEN] for name in changes}


def anonymise_person_trail(*, staff_id: int, user_id: int | None, names: list[str]) -> int:
    """Entries about the person keep what happened and when, but no longer who or what values;
    entries of what she did lose the actor. Returns how many entries were about her."""
    staff_type = ContentType.objects.get_for_model(StaffMember)
    user_type = ContentType.objects.get_for_model(User)
    about = Q(person_id=staff_id) | Q(content_type=staff_type, object_id=staff_id)
    if user_id:
        about |= Q(content_type=user_type, object_id=user_id)
    for name in names:
        about |= Q(object_repr__icontains=name)
    entries = list(AuditEntry.objects.filter(about))
    for entry in entries:
        entry.object_repr = ANONYMISED
        entry.changes = _hidden_changes(entry.changes)
        entry.changes_text = ""
        entry.serialized_data = None
        entry.additional_data = None
        entry.remote_addr = None
        entry.remote_port = None
        entry.person_id = None
        if (entry.content_type_id, entry.object_id) in (
            (staff_type.pk, staff_id),
            (user_type.pk, user_id),
        ):
            entry.object_id = None
            entry.object_pk = ""
    fields = [
        "object_repr",
        "changes",
        "changes_text",
        "serialized_data",
        "additional_data",
        "remote_addr",
        "remote_port",
        "person_id",
        "object_id",
        "object_pk",
    ]
    AuditEntry.objects.bulk_update(entries, fields, batch_size=500)
    if user_id:
        AuditEntry.objects.filter(actor_id=user_id).update(
            actor=None, actor_email=None, actor_label=ANONYMISED, remote_addr=None
        )
    return len(entries)


def hide_trail_values(*, model, names: dict[int, str], fields: list[str]) -> int:
    """The trail's recorded values of these fields of these rows become «—», and each entry's
    name of the row is drawn again from the row as it is now (`names`: id → str(row)), since a
    row's name may quote the text. The entry keeps what happened, when and by whom. A
    withdrawal rewrites rather than deletes: the trail is the record of the processing itself,
    and once the values are gone it names no one. Returns how many entries changed."""
    if not names:
        return 0
    content_type = ContentType.objects.get_for_model(model)
    entries = list(AuditEntry.objects.filter(content_type=content_type, object_id__in=names))
    for entry in entries:
        if isinstance(entry.changes, dict):
            entry.changes = {
                name: ([HIDDEN, HIDDEN] if name in fields else value)
                for name, value in entry.changes.items()
            }
        entry.object_repr = names[entry.object_id]
        entry.changes_text = ""
        entry.serialized_data = None
    AuditEntry.objects.bulk_update(
        entries, ["changes", "object_repr", "changes_text", "serialized_data"], batch_size=500
    )
    return len(entries)


def audit_prune(*, days: int) -> int:
    """Delete entries older than the term (AUDIT_RETENTION_DAYS); returns how many."""
    if days < 1:
        raise ValueError("days must be positive")
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _ = AuditEntry.objects.filter(timestamp__lt=cutoff).delete()
    return deleted


def log_answers(
    *, response, questions, created: bool, label: str | None = None
) -> AuditEntry | None:
    """Answers saved in one go (an upsert sends no signals): which questions, by whom, when.
    The values stay in the answers only, not copied into the trail."""
    from auditlog.context import auditlog_disabled

    if auditlog_disabled.get():
        return None
    return AuditEntry.objects.log_create(
        response,
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        changes={(q.code or f"вопрос {q.pk}"): [None, "ответ сохранён"] for q in questions},
        force_log=True,
        # The caller knows who and which questionnaire: no query to draw the response's name.
        **({"object_repr": label} if label else {}),
    )


def _json(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def log_bulk(*, created=(), updated=()) -> int:
    """Entries for rows written in bulk (bulk_create and bulk_update send no signals): one
    insert per batch, with the actor and address of the request, so that an import of
    thousands of rows is audited within its speed target. `updated` rows carry their changes
    as `_audit_changes` ({field: [old, new]})."""
    from auditlog.context import auditlog_disabled, auditlog_value

    from ..audit import EXCLUDED_EVERYWHERE, person_of

    if auditlog_disabled.get():
        return 0
    try:
        context = auditlog_value.get()
    except LookupError:
        context = {}
    actor = context.get("actor")
    common = {
        "actor_id": getattr(actor, "pk", None),
        "remote_addr": context.get("remote_addr"),
        "actor_label": context.get("actor_label") or "",
    }
    rows_out = []
    fields_of: dict[type, list] = {}
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    for action, rows in ((AuditEntry.Action.CREATE, created), (AuditEntry.Action.UPDATE, updated)):
        for row in rows:
            model = type(row)
            if model not in fields_of:
                fields_of[model] = [
                    (f.name, f.attname)
                    for f in model._meta.concrete_fields
                    if not f.primary_key and f.name not in EXCLUDED_EVERYWHERE
                ]
            if action == AuditEntry.Action.CREATE:
                # What a created row holds, as the signal's diff would say it (in bulk, fast).
                changes = {
                    name: [None, _json(value)]
                    for name, attname in fields_of[model]
                    if (value := getattr(row, attname)) not in (None, "")
                }
            else:
                changes = {
                    k: [_json(a), _json(b)]
                    for k, (a, b) in (getattr(row, "_audit_changes", None) or {}).items()
                }
            if not changes:
                continue
            rows_out.append(
                (
                    ContentType.objects.get_for_model(model).pk,
                    str(row.pk),
                    row.pk,
                    str(row),
                    action,
                    "",
                    json.dumps(changes, ensure_ascii=False),
                    common["actor_id"],
                    common["remote_addr"],
                    common["actor_label"],
                    stamp,
                    person_of(row),
                )
            )
    # Raw inserts: the ORM's bulk_create prepares 17 fields a row, which for a 5,000-row
    # import costs more than the import's own writes.
    columns = [
        AuditEntry._meta.get_field(name).column
        for name in (
            "content_type",
            "object_pk",
            "object_id",
            "object_repr",
            "action",
            "changes_text",
            "changes",
            "actor",
            "remote_addr",
            "actor_label",
            "timestamp",
            "person_id",
        )
    ]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(AuditEntry._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows_out), 1000):
            cursor.executemany(sql, rows_out[start : start + 1000])
    return len(rows_out)
