"""Mentors shared across kindergartens (the roadmap's stage 3 result, 7.8; issue 24 item 4).

A mentor who gave the sharing consent (surveys' ConsentKind.SHARING: a transfer to another
operator) is shown to curators of other kindergartens of her territory as a card. A curator
asks to borrow her for a mentee of her own programme; the mentor and her own curator each
accept or decline, and both accepts make the loan «принят». An accepted loan puts her on the
borrowing kindergarten's board; pairs there hang on her home mentor profile, so her one limit
(the profile's capacity) counts every kindergarten's pairs.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import MenteeProfile, MentorProfile, Programme


class LoanStatus(models.TextChoices):
    PENDING = "pending", _("ожидает ответа")
    ACCEPTED = "accepted", _("принят")
    DECLINED = "declined", _("отклонён")
    CANCELLED = "cancelled", _("отменён")


# Loans that hold the mentor for the mentee (one at a time per mentor and mentee).
OPEN_LOAN_STATUSES = (LoanStatus.PENDING, LoanStatus.ACCEPTED)


class LoanAnswer(models.TextChoices):
    WAITING = "waiting", _("не ответил")
    ACCEPTED = "accepted", _("согласен")
    DECLINED = "declined", _("отказ")


class MentorLoan(models.Model):
    """Another kindergarten's request to borrow a shared mentor for one of its mentees."""

    mentor = models.ForeignKey(
        MentorProfile,
        verbose_name=_("наставник (в своей организации)"),
        on_delete=models.CASCADE,
        related_name="loans",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа организации, которая просит"),
        on_delete=models.CASCADE,
        related_name="borrowed_mentors",
    )
    mentee = models.ForeignKey(
        MenteeProfile,
        verbose_name=_("наставляемый"),
        on_delete=models.CASCADE,
        related_name="loans",
    )
    message = models.TextField(_("сообщение"), max_length=2000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто просит"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("запрос"), auto_now_add=True)
    mentor_answer = models.CharField(
        _("ответ наставника"), max_length=10, choices=LoanAnswer.choices, default=LoanAnswer.WAITING
    )
    mentor_answered_at = models.DateTimeField(_("наставник ответил"), null=True, blank=True)
    home_answer = models.CharField(
        _("ответ своей организации"),
        max_length=10,
        choices=LoanAnswer.choices,
        default=LoanAnswer.WAITING,
    )
    home_answered_at = models.DateTimeField(_("организация ответила"), null=True, blank=True)
    home_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответил за организацию"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("статус"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.PENDING
    )
    closed_at = models.DateTimeField(_("закрыт"), null=True, blank=True)
    close_reason = models.CharField(_("причина"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("запрос о привлечении наставника")
        verbose_name_plural = _("запросы о привлечении наставников")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["programme", "status"])]
        constraints = [
            # One open request per mentor and mentee: a double click asks once.
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="loan_one_open_per_mentor_and_mentee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.programme.organisation} ({self.get_status_display()})"
