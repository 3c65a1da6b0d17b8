from django.core.management.base import BaseCommand

from programme import demo


class Command(BaseCommand):
    help = "Создаёт (или дополняет) демонстрационный детский сад с программой наставничества."

    def handle(self, *args, **options):
        ctx = demo.run()
        self.stdout.write(self.style.SUCCESS(f"Демо-данные готовы: {ctx.organisation.full_name}"))
        self.stdout.write("Входы (логин / пароль):")
        for username, password, who in ctx.logins:
            self.stdout.write(f"  {username:<13} {password}   — {who}")
        self.stdout.write("Адрес: http://127.0.0.1:8000/")
        slug = ctx.organisation.slug
        self.stdout.write(f"Публичная страница детского сада: http://127.0.0.1:8000/o/{slug}/")
