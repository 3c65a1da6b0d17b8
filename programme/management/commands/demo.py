from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from programme import demo


class Command(BaseCommand):
    help = "Создаёт (или дополняет) демонстрационный детский сад с программой наставничества."

    def handle(self, *args, **options):
        with transaction.atomic():
            ctx = demo.build_base()
            for step in demo.DEMO_STEPS:
                import_string(step)(ctx)
        self.stdout.write(self.style.SUCCESS(f"Демо-данные готовы: {ctx.organisation.full_name}"))
        self.stdout.write("Входы (логин / пароль):")
        for username, password, who in ctx.logins:
            self.stdout.write(f"  {username:<13} {password}   — {who}")
        self.stdout.write("Адрес: http://127.0.0.1:8000/")
