from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programme"
    verbose_name = "Программа наставничества"

    def ready(self) -> None:
        from . import progress, selectors

        progress.register_counts(selectors.programme_base_counts)
