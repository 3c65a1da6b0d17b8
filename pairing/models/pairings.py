"""Pairings (a mentor with one or more mentees) from the proposal on the board to the end of
the work, and the mentees in them.

A pair's term starts no earlier than the order that fixes it (registration moves an earlier
or empty start to the order's date, or the next working day) and ends within the programme's
year unless the curator ticks «срок за пределами года программы».

An early end (art. 351.8 of the Labour Code) is scheduled, not immediate: the notice is
recorded and `ended_on` is set to the last day while the status stays «действует» — the pair
works through the notice period (meetings may still be planned). On `ended_on` the daily
command `pairings_end_due` (or the service at once, when that day has come) makes it
«прекращена досрочно». So: status ACTIVE with `ended_on` set = an end is scheduled.
`end_kind` says why; some kinds make the mentor unavailable, and the board does not offer her
again until the curator puts her back (`mentor_back_at`).

A mentee is in at most one current pairing (proposed or live) — a database constraint, so that
a double click or two curators at once cannot pair her twice. A mentor's capacity is a count
and is checked under a row lock of the mentor when pairings are confirmed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import MenteeProfile, MentorProfile, Programme
from programme.models.roadmap import MentoringForm
from programme.validators import validate_sane_date


class PairingStatus(models.TextChoices):
    PROPOSED = "proposed", _("предложена")
    CONFIRMED = "confirmed", _("утверждена")
    ACTIVE = "active", _("действует")
    COMPLETED = "completed", _("завершена")
    TERMINATED = "terminated", _("прекращена досрочно")


# Pairings that hold a mentor's places and a mentee's one pairing.
LIVE_STATUSES = (PairingStatus.CONFIRMED, PairingStatus.ACTIVE)


class EndKind(models.TextChoices):
    """Why a pair ends early. The first three make the mentor unavailable for new pairs."""

    MENTOR_TRANSFER = "mentor_transfer", _("переход наставника на другую должность")
    MENTOR_DISMISSAL = "mentor_dismissal", _("увольнение наставника")
    MENTOR_LEAVE = "mentor_leave", _("длительный отпуск или болезнь наставника")
    MENTOR_WISH = "mentor_wish", _("по желанию наставника")
    MENTEE_LEAVES = "mentee_leaves", _("уход наставляемого (увольнение, перевод, отпуск)")
    MENTEE_WISH = "mentee_wish", _("по желанию наставляемого")
    MISMATCH = "mismatch", _("пара не сложилась")
    OTHER = "other", _("другая причина")


# An early end for one of these reasons takes the mentor off the board until she is put back.
MENTOR_UNAVAILABLE_KINDS = (
    EndKind.MENTOR_TRANSFER,
    EndKind.MENTOR_DISMISSAL,
    EndKind.MENTOR_LEAVE,
)


class Pairing(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.CASCADE, related_name="pairings"
    )
    mentor = models.ForeignKey(
        MentorProfile,
        verbose_name=_("наставник"),
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    form = models.CharField(
        _("форма наставничества"),
        max_length=30,
        choices=MentoringForm.choices,
        default=MentoringForm.TEACHER_TEACHER,
    )
    starts_on = models.DateField(
        _("срок: с"), null=True, blank=True, validators=[validate_sane_date]
    )
    ends_on = models.DateField(
        _("срок: по"), null=True, blank=True, validators=[validate_sane_date]
    )
    beyond_year = models.BooleanField(
        _("срок за пределами года программы"),
        default=False,
        help_text=_("Отметьте, если пара работает дольше года программы."),
    )
    status = models.CharField(
        _("статус"),
        max_length=20,
        choices=PairingStatus.choices,
        default=PairingStatus.PROPOSED,
    )
    confirmed_at = models.DateTimeField(_("утверждена"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("утвердил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    fixed_by = models.ForeignKey(
        "Order",
        verbose_name=_("закреплена приказом"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fixed_pairings",
    )
    ended_on = models.DateField(
        _("дата окончания"),
        null=True,
        blank=True,
        help_text=_("У действующей пары — назначенный последний день (досрочное прекращение)."),
        validators=[validate_sane_date],
    )
    end_kind = models.CharField(
        _("основание прекращения"), max_length=20, choices=EndKind.choices, blank=True
    )
    end_notified_at = models.DateTimeField(_("о прекращении сообщено"), null=True, blank=True)
    mentor_back_at = models.DateTimeField(
        _("наставник снова предлагается с"), null=True, blank=True
    )
    end_reason = models.CharField(_("причина прекращения"), max_length=500, blank=True)
    ended_by_mentor = models.BooleanField(_("по инициативе наставника"), default=False)
    notice_on = models.DateField(
        _("дата уведомления (ст. 351.8 ТК РФ)"),
        null=True,
        blank=True,
        help_text=_("Наставник предупреждает не менее чем за 3 рабочих дня."),
        validators=[validate_sane_date],
    )
    ended_by = models.ForeignKey(
        "Order",
        verbose_name=_("прекращена приказом"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ended_pairings",
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("наставническая пара (группа)")
        verbose_name_plural = _("наставнические пары (группы)")
        ordering = ["programme", "mentor__staff__last_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="pairing_term_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} ({self.get_status_display()})"

    @property
    def is_group(self) -> bool:
        return self.form == MentoringForm.GROUP

    @property
    def end_scheduled(self) -> bool:
        """Notice given, the pair works until `ended_on`."""
        return self.status == PairingStatus.ACTIVE and self.ended_on is not None

    @property
    def makes_mentor_unavailable(self) -> bool:
        return self.end_kind in MENTOR_UNAVAILABLE_KINDS


class Membership(models.Model):
    """A mentee in a pairing: how the engine scored her with the mentor, and why."""

    pairing = models.ForeignKey(
        Pairing, verbose_name=_("пара"), on_delete=models.CASCADE, related_name="members"
    )
    mentee = models.ForeignKey(
        MenteeProfile,
        verbose_name=_("наставляемый"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    pinned = models.BooleanField(_("закреплено куратором"), default=False)
    score = models.FloatField(_("оценка подбора"), null=True, blank=True)
    score_parts = models.JSONField(_("оценка по критериям"), default=dict, blank=True)
    reason = models.TextField(_("почему"), blank=True)
    joined_on = models.DateField(_("с"), null=True, blank=True, validators=[validate_sane_date])
    left_on = models.DateField(
        _("дата выхода из пары"), null=True, blank=True, validators=[validate_sane_date]
    )
    left_reason = models.CharField(_("причина"), max_length=500, blank=True)
    fixed_by = models.ForeignKey(
        "Order",
        verbose_name=_("включение: приказ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fixed_memberships",
    )
    released_by = models.ForeignKey(
        "Order",
        verbose_name=_("исключение: приказ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="released_memberships",
    )

    class Meta:
        verbose_name = _("наставляемый в паре")
        verbose_name_plural = _("наставляемые в парах")
        ordering = ["pairing", "mentee__staff__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=models.Q(left_on__isnull=True),
                name="mentee_one_current_pairing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee} → {self.pairing.mentor}"
