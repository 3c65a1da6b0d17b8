"""The annual return: the coordinator opens a collection; a kindergarten's head submits a frozen
snapshot of her figures (a new version on each resubmission, the previous ones kept); the
coordinator reminds those who have not submitted, once in a while at most."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from common.formatting import date_ru
from common.mail import make_message
from mentoring.queue import enqueue_on_commit
from programme.exceptions import DomainError
from programme.models import Organisation, Territory, User

from ..models import (
    IndicatorKind,
    OrganisationReturn,
    ReturnCollection,
    ReturnIndicator,
    ReturnReminder,
)
from ..selectors import returns as selectors

REMINDER_TASK = "reports.tasks.send_return_reminder"
# A kindergarten is reminded of one collection at most once in this time.
REMINDER_GAP = dt.timedelta(hours=24)


class ReturnError(DomainError):
    """A rule of the annual return said no; the message says why, in Russian."""


class ReturnWindowClosed(ReturnError):
    pass


class CorrectionWithoutComment(ReturnError):
    pass


# --- the coordinator's collection --------------------------------------------------------------


def collection_open(
    *,
    territory: Territory,
    title: str,
    as_of: dt.date,
    opens_on: dt.date,
    closes_on: dt.date,
    numbers: list[str] = (),
    texts: list[str] = (),
    by: User | None,
) -> ReturnCollection:
    """Open a collection for the territory as of the date, with the coordinator's own
    indicators (numbers and texts the heads fill in). One per territory and date."""
    if closes_on < opens_on:
        raise ReturnError("Приём не может закрыться раньше, чем откроется.")
    try:
        with transaction.atomic():
            collection = ReturnCollection.objects.create(
                territory=territory,
                title=title.strip(),
                as_of=as_of,
                opens_on=opens_on,
                closes_on=closes_on,
                created_by=by,
            )
    except IntegrityError:
        raise ReturnError(
            f"Сбор отчёта по состоянию на {date_ru(as_of)} для этой территории уже открыт."
        ) from None
    labels = [(IndicatorKind.NUMBER, n) for n in numbers] + [(IndicatorKind.TEXT, t) for t in texts]
    ReturnIndicator.objects.bulk_create(
        ReturnIndicator(collection=collection, label=label.strip()[:300], kind=kind, order=order)
        for order, (kind, label) in enumerate(labels)
        if label.strip()
    )
    return collection


# --- the head's submission ---------------------------------------------------------------------


def _check_window(collection: ReturnCollection, today: dt.date) -> None:
    if today < collection.opens_on:
        raise ReturnWindowClosed(
            f"Приём отчёта ещё не открыт: он идёт с {date_ru(collection.opens_on)} "
            f"по {date_ru(collection.closes_on)}."
        )
    if today > collection.closes_on:
        raise ReturnWindowClosed(
            f"Приём отчёта закрыт {date_ru(collection.closes_on)}: сданный отчёт можно только "
            "просмотреть. Если нужно исправить цифры, обратитесь к координатору."
        )


def _number(value) -> int | float | None:
    if value is None or value == "":
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def return_submit(
    *,
    collection: ReturnCollection,
    organisation: Organisation,
    by: User,
    corrections: dict[str, tuple[object, str]] | None = None,
    answers: dict[int, object] | None = None,
    today: dt.date | None = None,
) -> OrganisationReturn:
    """Freeze the kindergarten's figures as of the collection's date, with the head's
    corrections (each with a comment) and her answers to the coordinator's indicators. A new
    version each time; the previous stays, no longer current. The kindergarten's row is locked
    so that two submissions at once make two versions one after the other, never two current."""
    _check_window(collection, today or timezone.localdate())
    corrections = corrections or {}
    answers = answers or {}
    for code, (value, comment) in corrections.items():
        if value not in (None, "") and not str(comment or "").strip():
            label = selectors.FIGURE_BY_CODE[code].label
            raise CorrectionWithoutComment(
                f"Исправление показателя «{label}» без комментария: напишите, откуда это значение."
            )
    programme, values = selectors.computed_figures(organisation, collection.as_of)
    figures = []
    for definition in selectors.FIGURES:
        value, comment = corrections.get(definition.code, (None, ""))
        corrected = _number(value)
        computed = values.get(definition.code)
        figures.append(
            {
                "code": definition.code,
                "label": definition.label,
                "computed": computed,
                "corrected": corrected,
                "comment": str(comment or "").strip() if corrected is not None else "",
                "value": corrected if corrected is not None else computed,
            }
        )
    indicator_answers = []
    for indicator in collection.indicators.all():
        given = answers.get(indicator.pk)
        if indicator.kind == IndicatorKind.NUMBER:
            given = _number(given)
        else:
            given = str(given or "").strip()
        indicator_answers.append(
            {"id": indicator.pk, "label": indicator.label, "kind": indicator.kind, "value": given}
        )
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        previous = (
            OrganisationReturn.objects.filter(collection=collection, organisation=organisation)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        OrganisationReturn.objects.filter(
            collection=collection, organisation=organisation, is_current=True
        ).update(is_current=False)
        return OrganisationReturn.objects.create(
            collection=collection,
            organisation=organisation,
            version=(previous or 0) + 1,
            is_current=True,
            programme=programme,
            figures=figures,
            answers=indicator_answers,
            submitted_at=timezone.now(),
            submitted_by=by,
        )


# --- reminders ---------------------------------------------------------------------------------


def _claim_reminder(collection: ReturnCollection, organisation_id: int, now) -> bool:
    """Stamp the reminder unless one went within REMINDER_GAP: a conditional update (or the
    unique row's creation) decides, so two clicks at once claim it once."""
    try:
        with transaction.atomic():
            _stamp, created = ReturnReminder.objects.get_or_create(
                collection=collection, organisation_id=organisation_id, defaults={"sent_at": now}
            )
    except IntegrityError:  # created by a click at the same moment
        return False
    if created:
        return True
    return bool(
        ReturnReminder.objects.filter(
            collection=collection,
            organisation_id=organisation_id,
            sent_at__lt=now - REMINDER_GAP,
        ).update(sent_at=now)
    )


def collection_remind(*, collection: ReturnCollection, now: dt.datetime | None = None) -> int:
    """Queue a reminder to the heads of every kindergarten that has not submitted and was not
    reminded lately. Returns how many kindergartens are reminded."""
    now = now or timezone.now()
    submitted = set(
        OrganisationReturn.objects.filter(collection=collection, is_current=True).values_list(
            "organisation_id", flat=True
        )
    )
    waiting = [
        pk
        for pk in selectors.organisations_of(collection).values_list("pk", flat=True)
        if pk not in submitted
    ]
    reminded = 0
    for organisation_id in waiting:
        if _claim_reminder(collection, organisation_id, now):
            enqueue_on_commit(REMINDER_TASK, collection.pk, organisation_id)
            reminded += 1
    return reminded


def return_reminder_deliver(*, collection_id: int, organisation_id: int) -> int:
    """Email the kindergarten's heads, unless it has submitted since. Returns letters sent."""
    collection = ReturnCollection.objects.select_related("territory").get(pk=collection_id)
    if OrganisationReturn.objects.filter(
        collection_id=collection_id, organisation_id=organisation_id, is_current=True
    ).exists():
        return 0
    organisation = Organisation.objects.get(pk=organisation_id)
    link = settings.SITE_URL + reverse("reports:return_form", args=[collection.pk])
    sent = 0
    for head in selectors.heads_to_remind([organisation_id]):
        make_message(
            "reports/returns/emails/return_reminder",
            {
                "collection": collection,
                "organisation": organisation,
                "head": head,
                "link": link,
                "closes_on": date_ru(collection.closes_on),
                "as_of": date_ru(collection.as_of),
            },
            [head.email],
        ).send()
        sent += 1
    return sent
