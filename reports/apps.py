from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Документы и отчёты"

    def ready(self) -> None:
        from .selectors import ceremony, monitoring

        monitoring.register()
        ceremony.register()
