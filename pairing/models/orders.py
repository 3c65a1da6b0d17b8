"""The head's orders (приказ or распоряжение) that fix the pairs (5.4), their appendix lines
and the notices to each participant."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import Programme, StaffMember
from programme.models.roadmap import OrderKind
from programme.validators import validate_sane_date

from .pairings import Pairing


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
    date = models.DateField(_("дата"), null=True, blank=True, validators=[validate_sane_date])
    city = models.CharField(_("место издания"), max_length=100, blank=True)
    title = models.CharField(_("заголовок"), max_length=500)
    regulation = models.CharField(_("положение о наставничестве"), max_length=500, blank=True)
    plans_due_on = models.DateField(
        _("индивидуальные планы — до"), null=True, blank=True, validators=[validate_sane_date]
    )
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
    END = "end", _("прекратить досрочно")
    COMPLETE = "complete", _("считать завершённой")


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
    """A participant told of her pairs an order names (5.4): by email, or on a printed sheet.
    `pairing` is the first of them; the letter lists them all from the order's lines."""

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
            # One letter per person per order, listing all her pairs the order names.
            models.UniqueConstraint(fields=["order", "staff"], name="notice_one_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.order}"
