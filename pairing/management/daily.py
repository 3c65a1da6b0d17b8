"""What the daily commands share: «--date» to run as if it were another day (tests, catching up)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError


class DailyCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="считать сегодняшней эту дату (ГГГГ-ММ-ДД), например для проверки"
        )

    def today(self, options) -> dt.date | None:
        """The day given with --date, or None for today."""
        if not options.get("date"):
            return None
        try:
            return dt.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError("Дата — в виде ГГГГ-ММ-ДД.") from None
