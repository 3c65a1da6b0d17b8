"""Records of stage 5: pairings (a mentor with one or more mentees) from the proposal on the
board to the end of the work, the engine's runs, and the head's orders that fix them.

A mentee is in at most one current pairing (proposed or live) — a database constraint, so that
a double click or two curators at once cannot pair her twice. A mentor's capacity is a count
and is checked under a row lock of the mentor when pairings are confirmed.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import MenteeProfile, MentorProfile, Programme, StaffMember
from programme.models.roadmap import MentoringForm, OrderKind


class PairingStatus(models.TextChoices):
    PROPOSED = "proposed", _("предложена")
    CONFIRMED = "confirmed", _("утверждена")
    ACTIVE = "active", _("действует")
    COMPLETED = "completed", _("завершена")
    TERMINATED = "terminated", _("прекращена досрочно")


# Pairings that hold a mentor's places and a mentee's one pairing.
LIVE_STATUSES = (PairingStatus.CONFIRMED, PairingStatus.ACTIVE)


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
    starts_on = models.DateField(_("срок: с"), null=True, blank=True)
    ends_on = models.DateField(_("срок: по"), null=True, blank=True)
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
    ended_on = models.DateField(_("дата окончания"), null=True, blank=True)
    end_reason = models.CharField(_("причина прекращения"), max_length=500, blank=True)
    ended_by_mentor = models.BooleanField(_("по инициативе наставника"), default=False)
    notice_on = models.DateField(
        _("дата уведомления (ст. 351.8 ТК РФ)"),
        null=True,
        blank=True,
        help_text=_("Наставник предупреждает не менее чем за 3 рабочих дня."),
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
    joined_on = models.DateField(_("с"), null=True, blank=True)
    left_on = models.DateField(_("вышел(а) из пары"), null=True, blank=True)
    left_reason = models.CharField(_("причина"), max_length=500, blank=True)
    fixed_by = models.ForeignKey(
        "Order",
        verbose_name=_("включён(а) приказом"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fixed_memberships",
    )
    released_by = models.ForeignKey(
        "Order",
        verbose_name=_("исключён(а) приказом"),
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


class BoardMode(models.TextChoices):
    OPTIMAL = "optimal", _("наилучший общий подбор")
    STABLE = "stable", _("устойчивый (по взаимным предпочтениям)")


class BoardRun(models.Model):
    """One run of the engine on the board: what it proposed, whom it left out and why."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.CASCADE, related_name="board_runs"
    )
    mode = models.CharField(_("режим"), max_length=20, choices=BoardMode.choices)
    preset = models.CharField(_("веса"), max_length=20)
    weights = models.JSONField(_("веса критериев"), default=dict)
    pairs = models.JSONField(_("пары"), default=list)  # [[mentee profile id, mentor profile id]]
    unmatched = models.JSONField(_("без пары"), default=list)  # [{"mentee": id, "reason": …}]
    total = models.FloatField(_("сумма оценок"), default=0)
    created_at = models.DateTimeField(_("запуск"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто запустил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("подбор пар")
        verbose_name_plural = _("подборы пар")
        ordering = ["programme", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_mode_display()}, {self.created_at:%d.%m.%Y %H:%M}"


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("проект")
    REGISTERED = "registered", _("зарегистрирован")


def order_pdf_path(order: "Order", filename: str) -> str:
    # Never the uploaded or a guessable name: the file is served only through a checked view.
    return f"orders/{order.programme_id}/{uuid.uuid4().hex}.pdf"


class Order(models.Model):
    """The head's order (приказ or распоряжение) fixing pairs, or an amendment of it.

    A draft follows the pairings as they change; registering freezes it: the PDF is stored as
    issued and never rendered again, and later changes go into a new amendment."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.CASCADE, related_name="orders"
    )
    kind = models.CharField(_("вид"), max_length=20, choices=OrderKind.choices)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("вносит изменения в"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    number = models.CharField(_("номер"), max_length=30, blank=True)
    date = models.DateField(_("дата"), null=True, blank=True)
    city = models.CharField(_("место издания"), max_length=100, blank=True)
    title = models.CharField(_("заголовок"), max_length=500)
    regulation = models.CharField(_("положение о наставничестве"), max_length=500, blank=True)
    plans_due_on = models.DateField(_("индивидуальные планы — до"), null=True, blank=True)
    monitor = models.ForeignKey(
        StaffMember,
        verbose_name=_("ответственный за мониторинг"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    payments = models.CharField(_("выплаты наставникам"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    registered_at = models.DateTimeField(_("зарегистрирован"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("зарегистрировал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf = models.FileField(_("документ (PDF)"), upload_to=order_pdf_path, blank=True)

    class Meta:
        verbose_name = _("приказ (распоряжение) о закреплении пар")
        verbose_name_plural = _("приказы (распоряжения) о закреплении пар")
        ordering = ["programme", "-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(status="draft"),
                name="order_one_draft_per_programme",
            ),
            models.UniqueConstraint(
                fields=["programme", "kind", "number"],
                condition=models.Q(status="registered"),
                name="order_number_unique",
            ),
        ]

    def __str__(self) -> str:
        number = f"№ {self.number}" if self.number else _("без номера")
        day = f" от {self.date:%d.%m.%Y}" if self.date else ""
        return f"{self.get_kind_display().capitalize()} {number}{day}"

    @property
    def is_registered(self) -> bool:
        return self.status == OrderStatus.REGISTERED


class OrderAction(models.TextChoices):
    FIX = "fix", _("закрепить")
    CHANGE = "change", _("изменить состав")
    END = "end", _("прекратить")


class OrderItem(models.Model):
    """A line of the order's appendix: a pairing and what the order does to it, with the
    names, positions and terms as they stood (kept so the issued text never changes)."""

    order = models.ForeignKey(
        Order, verbose_name=_("приказ"), on_delete=models.CASCADE, related_name="items"
    )
    pairing = models.ForeignKey(
        Pairing, verbose_name=_("пара"), on_delete=models.PROTECT, related_name="order_items"
    )
    action = models.CharField(_("действие"), max_length=10, choices=OrderAction.choices)
    position = models.PositiveSmallIntegerField(_("№"), default=0)
    snapshot = models.JSONField(_("данные на дату приказа"), default=dict)

    class Meta:
        verbose_name = _("строка приложения к приказу")
        verbose_name_plural = _("строки приложения к приказу")
        ordering = ["order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "pairing"], name="order_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_action_display()}: {self.pairing}"


class Notice(models.Model):
    """A participant told of her pair (5.4): by email, or on a printed sheet."""

    order = models.ForeignKey(
        Order, verbose_name=_("приказ"), on_delete=models.CASCADE, related_name="notices"
    )
    pairing = models.ForeignKey(
        Pairing, verbose_name=_("пара"), on_delete=models.CASCADE, related_name="notices"
    )
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("кому"), on_delete=models.CASCADE, related_name="+"
    )
    emailed_at = models.DateTimeField(_("отправлено письмо"), null=True, blank=True)
    printed_at = models.DateTimeField(_("напечатано"), null=True, blank=True)

    class Meta:
        verbose_name = _("уведомление участника")
        verbose_name_plural = _("уведомления участников")
        constraints = [
            models.UniqueConstraint(fields=["order", "pairing", "staff"], name="notice_unique")
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.order}"
