from django.apps import AppConfig


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"
    verbose_name = "Анкеты и согласия"

    def ready(self) -> None:
        from programme import progress
        from programme.services import register_programme_created

        from . import selectors
        from .services.questionnaires import on_programme_created

        register_programme_created(on_programme_created)
        progress.register_activity_progress(selectors.survey_progress)
        progress.register_counts(selectors.survey_counts)
        for code in ("2.1", "3.3"):
            progress.register_activity_link(
                code, "Анкеты и приглашения", "surveys:questionnaire_list"
            )
        progress.register_activity_link("2.1", "Согласия", "surveys:consent_list")
        progress.register_activity_link("2.2", "Сведения от третьих лиц", "surveys:third_party")

        # Closing the year: a closed programme's questionnaires take no more answers.
        from programme.readonly import register_programme_lookup

        from .models import Invitation
        from .tokens import hash_token

        def by_token(kwargs):
            token = kwargs.get("token", "")
            if not token or len(token) > 100:
                return None
            return Invitation.objects.filter(token_hash=hash_token(token)).values(
                "questionnaire__programme_id"
            )

        def by_id(kwargs):
            return Invitation.objects.filter(pk=kwargs.get("invitation_id")).values(
                "questionnaire__programme_id"
            )

        register_programme_lookup(
            ["surveys:fill", "surveys:fill_consent"],
            by_token,
            personal=True,
        )
        register_programme_lookup(
            ["surveys:fill_mine", "surveys:fill_mine_consent"], by_id, personal=True
        )
