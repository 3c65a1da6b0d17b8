from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..uploads import stored_name
from ..validators import (
    MINUTES_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    event_date_error,
    text_limit,
    validate_sane_date,
)
from .org import StaffMember
from .roadmap import Activity, Programme


class EventKind(models.TextChoices):
    INFORMING = "informing", _("Информирование педагогического сообщества (1.1)")
    PARTNERS = "partners", _("Встреча с выпускниками и партнёрами (1.2)")
    GROUP_MEETING = "group_meeting", _("Групповая встреча наставников и наставляемых (5.1)")
    FINAL_GROUP_MEETING = "final_group_meeting", _("Групповая заключительная встреча (6.7)")
    CEREMONY = "ceremony", _("Торжественное мероприятие (7.2)")
    OTHER = "other", _("Другое")


# Which roadmap activity an event of each kind proves.
EVENT_KIND_ACTIVITY = {
    EventKind.INFORMING: "1.1",
    EventKind.PARTNERS: "1.2",
    EventKind.GROUP_MEETING: "5.1",
    EventKind.FINAL_GROUP_MEETING: "6.7",
    EventKind.CEREMONY: "7.2",
}


class Event(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.CASCADE, related_name="events"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("мероприятие дорожной карты"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    kind = models.CharField(_("вид"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("название"), max_length=300)
    starts_at = models.DateTimeField(_("дата и время"), validators=[validate_sane_date])
    place = models.CharField(_("место"), max_length=300, blank=True)
    description = models.TextField(
        _("описание"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    minutes = models.TextField(
        _("протокол (итоги)"),
        blank=True,
        max_length=MINUTES_MAX_LENGTH,
        validators=[text_limit(MINUTES_MAX_LENGTH)],
    )
    minutes_recorded_at = models.DateTimeField(_("протокол внесён"), null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("событие")
        verbose_name_plural = _("события")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.programme_id and self.starts_at:
            message = event_date_error(self.starts_at, programme_year=self.programme.year)
            if message:
                raise ValidationError({"starts_at": message})


class EventInvitee(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("событие"), on_delete=models.CASCADE, related_name="invitees"
    )
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("педагог"), on_delete=models.CASCADE, related_name="events"
    )
    attended = models.BooleanField(_("присутствовал"), null=True, blank=True)
    # Set by a conditional update (… WHERE invited_at IS NULL) before the letter goes: each
    # person is emailed her invitation once, however often the curator presses «Отправить».
    invited_at = models.DateTimeField(_("приглашение отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("приглашённый сотрудник")
        verbose_name_plural = _("приглашённые сотрудники")
        constraints = [
            models.UniqueConstraint(fields=["event", "staff"], name="event_invitee_unique")
        ]

    def __str__(self) -> str:
        return str(self.staff)


class EventGuest(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("событие"), on_delete=models.CASCADE, related_name="guests"
    )
    full_name = models.CharField(_("ФИО"), max_length=200)
    organisation_name = models.CharField(_("организация"), max_length=300, blank=True)
    position = models.CharField(_("должность"), max_length=200, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    attended = models.BooleanField(_("присутствовал"), null=True, blank=True)
    invited_at = models.DateTimeField(_("приглашение отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("внешний гость")
        verbose_name_plural = _("внешние гости")

    def __str__(self) -> str:
        return self.full_name


def event_attachment_path(instance: "EventAttachment", filename: str) -> str:
    # A random name: the file is served only through a checked view, under `original_name`.
    return stored_name(f"events/{instance.event.programme.organisation_id}", filename)


class EventAttachment(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("событие"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("название"), max_length=300, blank=True)
    file = models.FileField(_("файл"), upload_to=event_attachment_path)
    original_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("вложение")
        verbose_name_plural = _("вложения")

    def __str__(self) -> str:
        return self.title or self.original_name or self.file.name
