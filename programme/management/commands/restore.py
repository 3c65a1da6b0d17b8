import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from programme.exceptions import DomainError
from programme.services.backup import backup_restore


class Command(BaseCommand):
    help = (
        "Восстанавливает архив `manage.py backup` в пустую базу данных (DATABASE_URL) и "
        "хранилище файлов, проверяя контрольные суммы и число строк по описи."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="путь к архиву")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"Архива {path} нет.")
        started = time.perf_counter()
        database = connections[options["database"]].settings_dict
        connections[options["database"]].close()  # the restore writes through its own connection
        try:
            result = backup_restore(
                content=path.read_bytes(),
                database=database,
                storage=default_storage,
                key=settings.BACKUP_KEY,
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Восстановлено: таблиц {result.tables}, строк {result.rows}, "
                f"файлов {result.files}; опись совпала."
            )
            + f" {seconds:.1f} с"
        )
