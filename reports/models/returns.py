"""The annual return to the municipality or region (DESIGN §3): a coordinator opens a
collection for her territory as of a date, with a window; each kindergarten's head submits a
frozen snapshot of the figures her records give (with her corrections and comments, and the
answers to the coordinator's own indicators). A resubmission is a new version; the previous
one is kept."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from programme.models import Organisation, Programme, Territory
from programme.validators import validate_sane_date


class ReturnCollection(models.Model):
    """One collection per territory and date (a database constraint)."""

    territory = models.ForeignKey(
        Territory,
        verbose_name=_("территория"),
        on_delete=models.PROTECT,
        related_name="return_collections",
    )
    title = models.CharField(_("название"), max_length=300)
    as_of = models.DateField(_("по состоянию на"), validators=[validate_sane_date])
    opens_on = models.DateField(_("приём открывается"), validators=[validate_sane_date])
    closes_on = models.DateField(_("приём закрывается"), validators=[validate_sane_date])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто открыл"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("открыт"), auto_now_add=True)

    class Meta:
        verbose_name = _("сбор годового отчёта")
        verbose_name_plural = _("сборы годового отчёта")
        ordering = ["-as_of", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "as_of"], name="return_collection_one_per_territory_date"
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="return_collection_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.territory})"

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class IndicatorKind(models.TextChoices):
    NUMBER = "number", _("число")
    TEXT = "text", _("текст")


class ReturnIndicator(models.Model):
    """An indicator the coordinator adds to her collection: the head fills it in."""

    collection = models.ForeignKey(
        ReturnCollection,
        verbose_name=_("сбор"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    label = models.CharField(_("показатель"), max_length=300)
    kind = models.CharField(_("вид"), max_length=10, choices=IndicatorKind.choices)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("показатель координатора")
        verbose_name_plural = _("показатели координатора")
        ordering = ["collection", "order", "pk"]

    def __str__(self) -> str:
        return self.label


class OrganisationReturn(models.Model):
    """One submitted version of one kindergarten's return: a frozen snapshot. At most one
    version is current (a partial unique constraint), and version numbers never repeat."""

    collection = models.ForeignKey(
        ReturnCollection,
        verbose_name=_("сбор"),
        on_delete=models.CASCADE,
        related_name="returns",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="annual_returns",
    )
    version = models.PositiveSmallIntegerField(_("версия"))
    is_current = models.BooleanField(_("действующая версия"), default=True)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("программа, по которой посчитано"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Every figure as submitted: code, label, computed, corrected, comment (no names).
    figures = models.JSONField(_("показатели"), default=list)
    # The coordinator's own indicators: id, label, kind, value.
    answers = models.JSONField(_("показатели координатора"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("сдан"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто сдал"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("годовой отчёт организации")
        verbose_name_plural = _("годовые отчёты организаций")
        ordering = ["collection", "organisation", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "organisation", "version"],
                name="organisation_return_version_unique",
            ),
            models.UniqueConstraint(
                fields=["collection", "organisation"],
                condition=Q(is_current=True),
                name="organisation_return_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.collection.title}, версия {self.version}"

    def value_of(self, code: str):
        """The figure as submitted: corrected if corrected, else computed."""
        for figure in self.figures:
            if figure["code"] == code:
                return figure["value"]
        return None


class ReturnReminder(models.Model):
    """When the heads of a kindergarten were last reminded of a collection: stamped by a
    conditional update, so two clicks (or two servers) never send the reminder twice."""

    collection = models.ForeignKey(
        ReturnCollection,
        verbose_name=_("сбор"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("напоминание отправлено"))

    class Meta:
        verbose_name = _("напоминание о годовом отчёте")
        verbose_name_plural = _("напоминания о годовом отчёте")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "organisation"], name="return_reminder_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.sent_at:%d.%m.%Y %H:%M}"
