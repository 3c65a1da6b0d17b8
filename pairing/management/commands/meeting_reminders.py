from django.core.management.base import BaseCommand

from pairing.services import meetings


class Command(BaseCommand):
    help = (
        "Ставит в очередь напоминания о встречах пар на завтра (письмо накануне, один раз). "
        "Запускайте раз в день или чаще из планировщика; письма отправляет db_worker."
    )

    def handle(self, *args, **options):
        queued = meetings.reminders_queue()
        self.stdout.write(f"Напоминаний поставлено в очередь: {queued}")
