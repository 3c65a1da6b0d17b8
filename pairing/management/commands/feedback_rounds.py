from pairing.management.daily import DailyCommand
from pairing.services import feedback, roadmap


class Command(DailyCommand):
    help = (
        "Рассылает промежуточную обратную связь (6.5) за наступившие даты сбора: каждому "
        "участнику действующей пары один раз. Безопасно запускать повторно и с опозданием — "
        "раз в день из планировщика (cron, systemd timer) или рядом с db_worker. Заодно "
        "отмечает выполненными пункты 6.1–6.6 и 6.8 дорожной карты, которые уже видны по данным."
    )

    def handle(self, *args, **options):
        today = self.today(options)
        sent = feedback.feedback_send_due(today=today)
        if not sent:
            self.stdout.write("Сборов обратной связи к рассылке нет.")
        for round, asked in sent:
            self.stdout.write(
                f"{round.programme}: сбор {round.on:%d.%m.%Y} разослан, участников: {asked}"
            )
        for programme_pk, codes in roadmap.pair_work_roadmap_close_all().items():
            self.stdout.write(f"Программа {programme_pk}: выполнено по данным — {', '.join(codes)}")
