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
        from .selectors import feedback, meetings

        progress.register_activity_progress(meetings.meeting_progress)
        progress.register_activity_progress(feedback.feedback_progress)
        # 6.6 by the pairs' confirmed outcomes: registered after the meetings, so it wins.
        from .selectors import outcomes

        outcomes.register()
        for code in ("6.1", "6.2", "6.3", "6.4", "6.6"):
            progress.register_activity_link(code, "Пары и встречи", "pairing:overview")
        progress.register_activity_link("6.5", "Обратная связь", "pairing:feedback")
        progress.register_activity_link("6.8", "Удовлетворённость", "pairing:satisfaction")

        # --- Closing the year: a closed programme's pairs, plans and meetings are read-only
        from programme.readonly import register_programme_lookup

        from .models import Meeting, Pairing, Plan

        def of(queryset, field):
            return lambda kwargs: (
                queryset.filter(pk=kwargs.get("pk")).values_list(field, flat=True).first()
            )

        pairs = of(Pairing.objects, "programme_id")
        plans = of(Plan.objects, "membership__pairing__programme_id")
        meetings = of(Meeting.objects, "pairing__programme_id")
        register_programme_lookup(
            [
                "pairing:pair",
                "pairing:pair_end",
                "pairing:outcome_record",
                "pairing:outcome_confirm",
                "pairing:outcome_return",
                "pairing:plan_for",
                "pairing:meeting_create",
            ],
            pairs,
        )
        register_programme_lookup(
            [
                "pairing:plan",
                "pairing:plan_edit",
                "pairing:plan_activity_add",
                "pairing:plan_activity_edit",
                "pairing:plan_activity_delete",
                "pairing:plan_activity_mark",
                "pairing:plan_evidence",
                "pairing:plan_submit",
                "pairing:plan_approve",
                "pairing:plan_return",
                "pairing:plan_new_version",
                "pairing:plan_comment",
                "pairing:plan_pdf",
            ],
            plans,
        )
        # A mentor's answer to another kindergarten's request: the borrowing programme's.
        from .models import MentorLoan

        register_programme_lookup(
            ["pairing:my_loan_answer"],
            lambda kwargs: (
                MentorLoan.objects.filter(pk=kwargs.get("loan_id"))
                .values_list("programme_id", flat=True)
                .first()
            ),
        )
        register_programme_lookup(
            [
                "pairing:meeting",
                "pairing:meeting_edit",
                "pairing:meeting_delete",
                "pairing:meeting_outcome",
                "pairing:meeting_ics",
                "pairing:meeting_attachment",
                "pairing:meeting_attachment_delete",
            ],
            meetings,
        )
