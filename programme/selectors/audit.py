"""The audit trail as the curator reads it on a staff card: what happened to the person's
records, when, by whom, which fields."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist

from ..models import AuditEntry, StaffMember

ACTIONS = {
    AuditEntry.Action.CREATE: "создано",
    AuditEntry.Action.UPDATE: "изменено",
    AuditEntry.Action.DELETE: "удалено",
    AuditEntry.Action.ACCESS: "выгружено",
}


@dataclass
class HistoryLine:
    when: object
    who: str
    what: str
    action: str
    fields: list[str]
    address: str | None


def _field_label(model, name: str) -> str:
    if model is None:
        return name
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name


def person_history(staff: StaffMember, *, limit: int = 100) -> list[HistoryLine]:
    """The newest entries about the person (two queries, whatever the number of entries)."""
    entries = (
        AuditEntry.objects.filter(person_id=staff.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:limit]
    )
    lines = []
    for entry in entries:
        model = entry.content_type.model_class()
        lines.append(
            HistoryLine(
                when=entry.timestamp,
                who=entry.who,
                what=str(model._meta.verbose_name) if model else entry.content_type.model,
                action=ACTIONS.get(entry.action, ""),
                fields=[_field_label(model, name) for name in (entry.changes or {})],
                address=entry.remote_addr,
            )
        )
    return lines
