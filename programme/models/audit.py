"""The audit trail's entry (django-auditlog's log entry, swapped in by AUDITLOG_LOGENTRY_MODEL).

Two things are added to the library's entry: the person the record is about (so that the staff
card shows her history and a withdrawal finds her entries with one indexed query), and a label
for an actor who is not a user — a teacher answering from her personal link.
"""

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryManager(LogEntryManager):
    def log_create(self, instance, force_log: bool = False, **kwargs):
        # The library's log_create, less two things: a name the caller gives is not drawn
        # again (str() of a response costs two queries on every submit), and a record whose
        # str() fails (a date not yet cleaned) is still logged rather than breaking the save.
        from auditlog.cid import get_cid
        from django.contrib.contenttypes.models import ContentType

        from ..audit import person_of  # the registry says how a record names its person

        if kwargs.get("changes") is None and not force_log:
            return None
        if "person_id" not in kwargs:
            kwargs["person_id"] = person_of(instance)
        if "object_repr" not in kwargs:
            try:
                kwargs["object_repr"] = str(instance)
            except Exception:
                kwargs["object_repr"] = f"{instance._meta.verbose_name} #{instance.pk}"
        pk = self._get_pk_value(instance)
        kwargs.setdefault("content_type", ContentType.objects.get_for_model(instance))
        kwargs.setdefault("object_pk", pk)
        if isinstance(pk, int):
            kwargs.setdefault("object_id", pk)
        kwargs.setdefault("cid", get_cid())
        return self.create(**kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        from ..audit import person_of

        kwargs.setdefault("person_id", person_of(instance))
        return super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)


class AuditEntry(AbstractLogEntry):
    person_id = models.BigIntegerField(_("о ком (педагог)"), null=True, blank=True)
    actor_label = models.CharField(_("кто (если не пользователь)"), max_length=100, blank=True)

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("запись журнала изменений")
        verbose_name_plural = _("журнал изменений")
        indexes = [models.Index(fields=["person_id", "timestamp"])]

    @property
    def who(self) -> str:
        if self.actor_id:
            return self.actor.get_full_name() or self.actor.username
        return self.actor_label or "система"
