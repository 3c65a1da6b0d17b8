from django.apps import AppConfig


class PairingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pairing"
    verbose_name = "Наставнические пары"

    def ready(self) -> None:
        from programme import progress

        # --- 5.2 Preferences after the group meeting ---------------------------------------
        progress.register_activity_link("5.2", "Предпочтения", "pairing:preferences")

        # --- 5.3: the pairing board -------------------------------------------------------
        from .selectors import board

        progress.register_activity_progress(board.board_progress)
        progress.register_counts(board.board_counts)
        progress.register_activity_link("5.3", "Подбор пар", "pairing:board")

        # --- 5.4: the head's order fixing the pairs, notices ------------------------------
        from .selectors import orders

        orders.register()

        # --- 6.1–6.8: the pairs' meetings, feedback and satisfaction ----------------------
        from .selectors import feedback, meetings, roadmap

        progress.register_activity_progress(meetings.meeting_progress)
        progress.register_activity_progress(feedback.feedback_progress)
        progress.register_activity_progress(roadmap.pairs_finished_progress)
        for code in ("6.1", "6.2", "6.3", "6.4", "6.6"):
            progress.register_activity_link(code, "Пары и встречи", "pairing:overview")
        progress.register_activity_link("6.5", "Обратная связь", "pairing:feedback")
        progress.register_activity_link("6.8", "Удовлетворённость", "pairing:satisfaction")
