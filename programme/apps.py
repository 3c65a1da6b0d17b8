from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programme"
    verbose_name = "Программа наставничества"

    def ready(self) -> None:
        from . import progress, selectors
        from .selectors import assessment, bases, events

        progress.register_counts(selectors.programme_base_counts)
        progress.register_activity_progress(events.event_progress)
        progress.register_activity_link(
            "1.1", "Провести информирование", "programme:event_create", "?kind=informing"
        )
        progress.register_activity_link(
            "1.2", "Встреча с выпускниками и партнёрами", "programme:event_create", "?kind=partners"
        )
        progress.register_activity_link(
            "5.1",
            "Провести групповую встречу",
            "programme:event_create",
            "?kind=group_meeting",
        )
        bases.register()
        assessment.register()

        from . import audit

        audit.register_all()
