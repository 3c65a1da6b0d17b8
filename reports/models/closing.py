"""Closing the year: the archive of a programme — a zip of all its documents and an xlsx of its
data — built by the background worker, with its progress kept here for the page to show."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import Programme


class ArchiveJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("собирается")
        DONE = "done", _("готов")
        FAILED = "failed", _("не удалось")

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа"),
        on_delete=models.CASCADE,
        related_name="archive_jobs",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто заказал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("состояние"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("готово, %"), default=0)
    step = models.CharField(_("что собирается"), max_length=200, blank=True)
    # The zip in the private storage (never served by its address: archive_download checks).
    path = models.CharField(_("файл на сервере"), max_length=255, blank=True)
    files = models.PositiveIntegerField(_("файлов в архиве"), default=0)
    error = models.TextField(_("почему не удалось"), blank=True)
    created_at = models.DateTimeField(_("заказан"), auto_now_add=True)
    finished_at = models.DateTimeField(_("собран"), null=True, blank=True)

    class Meta:
        verbose_name = _("архив программы")
        verbose_name_plural = _("архивы программ")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["programme", "created_at"])]

    def __str__(self) -> str:
        return f"{self.programme}: архив ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
