import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from pairing.services import pairings


class Command(BaseCommand):
    help = (
        "Переводит в статус «прекращена досрочно» пары, у которых наступил назначенный день "
        "досрочного прекращения (ст. 351.8 ТК РФ): наставляемые возвращаются в базу, "
        "запланированные после этого дня встречи отменяются. Безопасно запускать повторно и "
        "с опозданием — раз в день из планировщика (systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="считать сегодняшней эту дату (ГГГГ-ММ-ДД), например для проверки"
        )

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Дата — в виде ГГГГ-ММ-ДД.") from None
        ended = pairings.pairings_end_due(today=today)
        if not ended:
            self.stdout.write("Пар, прекращаемых сегодня, нет.")
        for pairing in ended:
            self.stdout.write(
                f"{pairing.programme}: пара наставника {pairing.mentor.staff.short_name} "
                f"прекращена досрочно с {pairing.ended_on:%d.%m.%Y}"
            )
