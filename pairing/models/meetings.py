"""Meetings of a pair (6.1–6.4, 6.6): planned with a date, place and topic, then recorded as
held or not with notes, a result and attachments; and each person's secret calendar feed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import StaffMember
from programme.uploads import stored_name
from programme.validators import (
    NOTE_MAX_LENGTH,
    text_limit,
    validate_safe_url,
    validate_sane_date,
)

from .pairings import Pairing


class MeetingKind(models.TextChoices):
    ORGANISATIONAL = "organisational", _("организационная (знакомство)")
    TRIAL = "trial", _("пробная рабочая")
    PLANNING = "planning", _("планирование")
    REGULAR = "regular", _("регулярная")
    FINAL = "final", _("заключительная")


# The usual order of a pair's meetings (DESIGN §3); a meeting out of it gets a warning.
MEETING_SEQUENCE = (
    MeetingKind.ORGANISATIONAL,
    MeetingKind.TRIAL,
    MeetingKind.PLANNING,
    MeetingKind.REGULAR,
    MeetingKind.FINAL,
)
# The roadmap activity each kind of meeting is.
MEETING_KIND_ACTIVITY = {
    MeetingKind.ORGANISATIONAL: "6.1",
    MeetingKind.TRIAL: "6.2",
    MeetingKind.PLANNING: "6.3",
    MeetingKind.REGULAR: "6.4",
    MeetingKind.FINAL: "6.6",
}


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("запланирована")
    HELD = "held", _("состоялась")
    NOT_HELD = "not_held", _("не состоялась")
    CANCELLED = "cancelled", _("отменена")


class Meeting(models.Model):
    pairing = models.ForeignKey(
        Pairing, verbose_name=_("пара"), on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("вид встречи"), max_length=20, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("дата и время"), validators=[validate_sane_date])
    duration = models.PositiveSmallIntegerField(_("продолжительность, мин"), default=60)
    place = models.CharField(_("место"), max_length=300, blank=True)
    online_url = models.URLField(
        _("ссылка для подключения"), max_length=500, blank=True, validators=[validate_safe_url]
    )
    topic = models.CharField(_("тема"), max_length=300)
    status = models.CharField(
        _("состоялась ли"),
        max_length=10,
        choices=MeetingStatus.choices,
        default=MeetingStatus.PLANNED,
    )
    notes = models.TextField(
        _("заметки"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    result = models.TextField(
        _("результат"),
        blank=True,
        max_length=NOTE_MAX_LENGTH,
        validators=[text_limit(NOTE_MAX_LENGTH)],
    )
    reminder_sent_at = models.DateTimeField(_("напоминание отправлено"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто запланировал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("встреча пары")
        verbose_name_plural = _("встречи пар")
        ordering = ["pairing", "starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.starts_at:%d.%m.%Y}"

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED


def meeting_file_path(attachment: "MeetingAttachment", filename: str) -> str:
    # Never the uploaded name: files are served only through a view that checks access.
    return stored_name(f"meetings/{attachment.meeting_id}", filename)


class MeetingAttachment(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("встреча"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("файл"), upload_to=meeting_file_path)
    name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер, байт"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("загрузил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("загружен"), auto_now_add=True)

    class Meta:
        verbose_name = _("файл встречи")
        verbose_name_plural = _("файлы встреч")
        ordering = ["meeting", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class CalendarFeed(models.Model):
    """A person's secret calendar address that phone calendars subscribe to. Revoking it makes
    the address answer 404; a new one may be made at once. As for links, only a nonce and the
    token's hash are kept."""

    staff = models.ForeignKey(
        StaffMember,
        verbose_name=_("педагог"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token_nonce = models.CharField(_("затравка ключа"), max_length=40)
    token_hash = models.CharField(_("хеш ключа"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("отозван"), null=True, blank=True)

    class Meta:
        verbose_name = _("календарь встреч (подписка)")
        verbose_name_plural = _("календари встреч (подписки)")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_feed_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff}: календарь"
