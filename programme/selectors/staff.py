"""Reads of the staff directory."""

from decimal import Decimal, InvalidOperation

from django.db.models import Q, QuerySet

from ..models import StaffMember


def _decimal(value: str | None) -> Decimal | None:
    if not value:
        return None
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:
        return None


def staff_search(
    queryset: QuerySet[StaffMember],
    *,
    query: str = "",
    position: str = "",
    category: str = "",
    experience_from: str = "",
    experience_to: str = "",
    active: str = "1",
) -> QuerySet[StaffMember]:
    """The staff list filtered as the list page's form says; one query whatever its size."""
    qs = queryset.select_related("user")
    for word in query.split():
        # SQLite folds the case of Latin letters only: «иван» is also tried as «Иван».
        any_part = Q(email__icontains=word)
        for variant in {word, word.lower(), word.capitalize()}:
            for part in ("last_name", "first_name", "patronymic"):
                any_part |= Q(**{f"{part}__icontains": variant})
        qs = qs.filter(any_part)
    if position:
        qs = qs.filter(position=position)
    if category:
        qs = qs.filter(category=category)
    low, high = _decimal(experience_from), _decimal(experience_to)
    if low is not None:
        qs = qs.filter(experience_total__gte=low)
    if high is not None:
        qs = qs.filter(experience_total__lte=high)
    if active == "1":
        qs = qs.filter(is_active=True)
    elif active == "0":
        qs = qs.filter(is_active=False)
    return qs.order_by("last_name", "first_name", "patronymic")
