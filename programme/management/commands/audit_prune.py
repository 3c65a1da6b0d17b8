from django.conf import settings
from django.core.management.base import BaseCommand

from programme.services.audit import audit_prune


class Command(BaseCommand):
    help = "Удаляет записи журнала изменений старше срока хранения (AUDIT_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.AUDIT_RETENTION_DAYS)

    def handle(self, *args, **options):
        deleted = audit_prune(days=options["days"])
        self.stdout.write(f"Удалено записей журнала старше {options['days']} дн.: {deleted}")
