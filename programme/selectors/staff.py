"""Reads of the staff directory."""

from decimal import Decimal, InvalidOperation

from django.db.models import Q, QuerySet

from ..models import Organisation, StaffImportJob, StaffMember
from ..validators import name_key, normalise_name


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
    # The words as names are stored: an invisible character typed or pasted never hides anyone.
    for word in normalise_name(query).split():
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


def probable_duplicates(
    *,
    organisation: Organisation,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    birth_date=None,
    exclude_pk: int | None = None,
) -> list[StaffMember]:
    """People of the organisation who are probably this person entered again: the same full
    name once normalised (invisible characters, spaces, case and «ё» aside) and the same birth
    date. Used when a card is created and by the import preview; a warning, not a refusal."""
    if birth_date is None:
        return []
    key = name_key(last_name, first_name, patronymic)
    candidates = StaffMember.objects.filter(organisation=organisation, birth_date=birth_date)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    return [c for c in candidates if name_key(c.last_name, c.first_name, c.patronymic) == key]


def staff_import_job(*, organisation: Organisation, user, pk) -> StaffImportJob | None:
    """The user's own staff import job in her organisation (another's is never found)."""
    if pk is None:
        return None
    return StaffImportJob.objects.filter(pk=pk, organisation=organisation, user=user).first()
