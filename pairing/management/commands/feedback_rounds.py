import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from pairing.services import feedback, roadmap


class Command(BaseCommand):
    help = (
        "Рассылает промежуточную обратную связь (6.5) за наступившие даты сбора: каждому "
        "участнику действующей пары один раз. Безопасно запускать повторно и с опозданием — "
        "раз в день из планировщика (cron, systemd timer) или рядом с db_worker. Заодно "
        "отмечает выполненными пункты 6.1–6.6 и 6.8 дорожной карты, которые уже видны по данным."
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
        sent = feedback.feedback_send_due(today=today)
        if not sent:
            self.stdout.write("Сборов обратной связи к рассылке нет.")
        for round, asked in sent:
            self.stdout.write(
                f"{round.programme}: сбор {round.on:%d.%m.%Y} разослан, участников: {asked}"
            )
        for programme_pk, codes in roadmap.pair_work_roadmap_close_all().items():
            self.stdout.write(f"Программа {programme_pk}: выполнено по данным — {', '.join(codes)}")
