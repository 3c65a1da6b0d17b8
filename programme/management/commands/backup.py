import time
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from programme.exceptions import DomainError
from programme.services.backup import backup_write


class Command(BaseCommand):
    help = (
        "Резервная копия: база данных, загруженные и выпущенные файлы, опись с числом строк и "
        "контрольными суммами — в один архив (зашифрованный, если задан BACKUP_KEY)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", default=str(settings.BACKUP_DIR), help="куда положить архив (BACKUP_DIR)"
        )
        parser.add_argument(
            "--no-encryption",
            action="store_true",
            help=(
                "записать архив без шифрования, когда BACKUP_KEY не задан (без этого флага "
                "рабочий сервер такой архив не пишет; с заданным ключом архив шифруется всегда)"
            ),
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            path = backup_write(
                directory=Path(options["dir"]),
                storage=default_storage,
                key=settings.BACKUP_KEY,
                # On a laptop (DEBUG) an unencrypted copy is fine; in production only on request.
                unencrypted_allowed=settings.DEBUG or options["no_encryption"],
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        seconds = time.perf_counter() - started
        state = "зашифрован" if settings.BACKUP_KEY else "НЕ зашифрован (задайте BACKUP_KEY)"
        self.stdout.write(
            self.style.SUCCESS(f"Архив: {path} ({path.stat().st_size // 1024} КБ, {state}), ")
            + f"{seconds:.1f} с"
        )
