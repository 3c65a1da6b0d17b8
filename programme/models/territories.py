"""Territories: region → municipality (district or city) → organisation (DESIGN §1).

A coordinator (`Role.REGIONAL`) is scoped to one territory: a municipal methodist reads her
municipality's kindergartens, a regional one every kindergarten of the region's municipalities
(and those the region runs itself). Two levels only, as the roadmap's bodies are.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TerritoryKind(models.TextChoices):
    REGION = "region", _("субъект РФ (регион)")
    MUNICIPALITY = "municipality", _("муниципальное образование (район, город)")


class Territory(models.Model):
    name = models.CharField(_("наименование"), max_length=200)
    kind = models.CharField(_("уровень"), max_length=20, choices=TerritoryKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("регион"),
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
    )
    # The body that collects returns and signs letters: «Департамент образования
    # Администрации города Омска».
    authority = models.CharField(_("орган управления образованием"), max_length=300, blank=True)
    email = models.EmailField(_("электронная почта органа"), blank=True)

    class Meta:
        verbose_name = _("территория")
        verbose_name_plural = _("территории")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="territory_region_name_unique",
            ),
            models.UniqueConstraint(
                fields=["parent", "name"], name="territory_municipality_name_unique"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=TerritoryKind.REGION, parent__isnull=True)
                    | Q(kind=TerritoryKind.MUNICIPALITY, parent__isnull=False)
                ),
                name="territory_region_has_no_parent_municipality_has_one",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.kind == TerritoryKind.REGION and self.parent_id:
            raise ValidationError({"parent": "У региона нет вышестоящей территории."})
        if self.kind == TerritoryKind.MUNICIPALITY:
            if not self.parent_id:
                raise ValidationError({"parent": "Укажите регион муниципального образования."})
            if self.parent.kind != TerritoryKind.REGION:
                raise ValidationError({"parent": "Муниципальное образование входит в регион."})

    @property
    def is_region(self) -> bool:
        return self.kind == TerritoryKind.REGION

    def organisations_q(self, prefix: str = "") -> Q:
        """Organisations of this territory: its own and, for a region, its municipalities'.

        A region's are those whose territory is in the region's few (a subquery): «territory
        = region OR territory's parent = region» joined every organisation of the country to
        its territory first — 40,000 rows read for each figure of a region's roll-up
        (bench/scale.py)."""
        if not self.is_region:
            return Q(**{f"{prefix}territory": self})
        own = Territory.objects.filter(Q(pk=self.pk) | Q(parent=self)).values("pk")
        return Q(**{f"{prefix}territory__in": own})
