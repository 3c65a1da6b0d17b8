from pairing.management.daily import DailyCommand
from pairing.services import pairings


class Command(DailyCommand):
    help = (
        "Переводит в статус «прекращена досрочно» пары, у которых наступил назначенный день "
        "досрочного прекращения (ст. 351.8 ТК РФ): наставляемые возвращаются в базу, "
        "запланированные после этого дня встречи отменяются. Безопасно запускать повторно и "
        "с опозданием — раз в день из планировщика (systemd timer)."
    )

    def handle(self, *args, **options):
        today = self.today(options)
        ended = pairings.pairings_end_due(today=today)
        if not ended:
            self.stdout.write("Пар, прекращаемых сегодня, нет.")
        for pairing in ended:
            self.stdout.write(
                f"{pairing.programme}: пара наставника {pairing.mentor.staff.short_name} "
                f"прекращена досрочно с {pairing.ended_on:%d.%m.%Y}"
            )
