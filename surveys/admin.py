"""Questionnaires, consents and answers in the admin, limited to the user's organisation.

Questionnaires are edited here: a version nobody has answered is edited in place; a version
with answers is read-only and the action «Создать новую версию для правки» copies it. Consents,
invitations and answers are records of what people did: they are shown, never edited here.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from programme.admin.base import OrganisationScopedAdmin
from programme.exceptions import DomainError

from .consent_texts import checklist, generated_text, missing_parts
from .models import (
    Answer,
    Choice,
    Consent,
    ConsentKind,
    ConsentText,
    Invitation,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    Section,
)
from .services import consents, questionnaires

ORG_OF_VERSION = "questionnaire__programme__organisation"


class ReadOnlyMixin:
    """Records of people's actions: visible, not added, changed or deleted in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FrozenVersionMixin:
    """Inlines and pages of a version that has answers become read-only."""

    def _version(self, obj):
        return obj if isinstance(obj, QuestionnaireVersion) else getattr(obj, "version", None)

    def _frozen(self, obj) -> bool:
        version = self._version(obj)
        return version is not None and version.pk and questionnaires.is_frozen(version)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._frozen(obj)

    def has_add_permission(self, request, obj=None):
        args = (request, obj) if isinstance(self, admin.options.InlineModelAdmin) else (request,)
        return super().has_add_permission(*args) and not self._frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._frozen(obj)


class VersionInline(ReadOnlyMixin, admin.TabularInline):
    model = QuestionnaireVersion
    fields = ("number", "note", "created_at")
    readonly_fields = fields
    show_change_link = True
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(OrganisationScopedAdmin):
    organisation_path = "programme__organisation"
    list_display = ("title", "kind", "programme", "is_active")
    list_filter = ("kind", "is_active", "programme__year")
    search_fields = ("title",)
    inlines = [VersionInline]


class SectionInline(FrozenVersionMixin, admin.TabularInline):
    model = Section
    fields = ("order", "title", "description")
    extra = 0


class QuestionInline(FrozenVersionMixin, admin.TabularInline):
    model = Question
    fields = ("section", "order", "code", "kind", "text", "required", "maps_to")
    show_change_link = True
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            version_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(version_id=version_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(FrozenVersionMixin, OrganisationScopedAdmin):
    organisation_path = ORG_OF_VERSION
    list_display = ("questionnaire", "number", "note", "created_at", "answered")
    list_filter = ("questionnaire__kind", "questionnaire__programme__year")
    search_fields = ("questionnaire__title", "note")
    fields = ("questionnaire", "number", "note")
    readonly_fields = ("questionnaire", "number")
    inlines = [SectionInline, QuestionInline]
    actions = ["fork_version"]

    def has_add_permission(self, request):
        return False  # versions come from the presets and from the action below

    @admin.display(description=_("есть ответы"), boolean=True)
    def answered(self, obj):
        return questionnaires.is_frozen(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        version = self.get_object(request, object_id)
        if version is not None and questionnaires.is_frozen(version):
            messages.info(
                request,
                "На эту версию уже отвечали, её нельзя менять. Чтобы изменить вопросы, выберите "
                "её в списке версий и действие «Создать новую версию для правки».",
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Создать новую версию для правки"))
    def fork_version(self, request, queryset):
        for version in queryset.select_related("questionnaire"):
            try:
                new = questionnaires.version_fork(version=version)
            except DomainError as error:
                self.message_user(request, f"{version}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, f"Создана версия {new.number}: {new.questionnaire}.")


class ChoiceInline(FrozenVersionMixin, admin.TabularInline):
    model = Choice
    fields = ("order", "text", "value")
    extra = 0

    def _version(self, obj):
        return getattr(obj, "version", None)


@admin.register(Question)
class QuestionAdmin(FrozenVersionMixin, OrganisationScopedAdmin):
    organisation_path = "version__" + ORG_OF_VERSION
    list_display = ("text", "kind", "code", "version", "required", "maps_to")
    list_filter = ("kind", "version__questionnaire__kind")
    search_fields = ("text", "code")
    inlines = [ChoiceInline]

    def has_add_permission(self, request):
        return False  # questions are added on their version's page

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            object_id = request.resolver_match.kwargs.get("object_id")
            question = Question.objects.filter(pk=object_id).first()
            kwargs["queryset"] = Section.objects.filter(
                version_id=question.version_id if question else None
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ConsentTextForm(forms.ModelForm):
    """A new version is published only with every part the law asks for: the checklist is
    shown on the form and checked on saving (consent_texts.missing_parts)."""

    class Meta:
        model = ConsentText
        fields = ("organisation", "kind", "title", "body", "requires_reconsent")

    def clean(self):
        data = super().clean()
        organisation, kind, body = data.get("organisation"), data.get("kind"), data.get("body")
        if organisation and kind and body:
            missing = missing_parts(kind=kind, body=body, organisation=organisation)
            if missing:
                raise forms.ValidationError(
                    ["Версия не опубликована — в тексте не хватает:"] + missing
                )
        return data


@admin.register(ConsentText)
class ConsentTextAdmin(OrganisationScopedAdmin):
    """Texts are versioned: a new text is a new version; a text someone agreed to is kept."""

    form = ConsentTextForm
    list_display = ("title", "kind", "version", "requires_reconsent", "organisation", "created_at")
    list_filter = ("kind", "requires_reconsent")
    fields = ("organisation", "kind", "title", "body", "requires_reconsent", "checklist", "version")
    readonly_fields = ("version", "checklist")

    @admin.display(description=_("обязательные разделы (ст. 9 ч. 4, ст. 10.1 152-ФЗ)"))
    def checklist(self, obj=None):
        items = {kind: checklist(kind) for kind in ConsentKind.values}
        return format_html(
            "<p>Согласие на обработку:</p><ul>{}</ul><p>Согласие на распространение:</p>"
            "<ul>{}</ul><p>Согласие на предоставление данных наставника другим организациям:</p>"
            "<ul>{}</ul><p>Каждый раздел пишется с новой строки: «N. Заголовок. Текст». "
            "Наименование и адрес оператора (и обработчика, если он указан в настройках "
            "организации) должны быть в тексте.</p>",
            format_html_join("", "<li>{}</li>", ((i,) for i in items[ConsentKind.PROCESSING])),
            format_html_join("", "<li>{}</li>", ((i,) for i in items[ConsentKind.PUBLICATION])),
            format_html_join("", "<li>{}</li>", ((i,) for i in items[ConsentKind.SHARING])),
        )

    def get_changeform_initial_data(self, request):
        """The form opens with the text generated from the organisation's settings."""
        initial = super().get_changeform_initial_data(request)
        organisation = request.user.organisation
        kind = request.GET.get("kind", ConsentKind.PROCESSING)
        if organisation is not None and kind in ConsentKind.values:
            title, body = generated_text(organisation, kind)
            initial.update(organisation=organisation.pk, kind=kind, title=title, body=body)
        return initial

    def has_change_permission(self, request, obj=None):
        return False  # a text people agreed to never changes; add a new version instead

    def save_model(self, request, obj, form, change):
        new = consents.consent_text_new_version(
            organisation=obj.organisation,
            kind=obj.kind,
            title=obj.title,
            body=obj.body,
            requires_reconsent=obj.requires_reconsent,
        )
        obj.pk = new.pk
        obj.version = new.version

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consent)
class ConsentAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    list_display = ("staff", "kind", "text", "given_at", "channel", "withdrawn_at")
    list_filter = ("kind", "channel", ("withdrawn_at", admin.EmptyFieldListFilter))
    search_fields = ("staff__last_name", "staff__first_name")
    list_select_related = ("staff", "text")


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    organisation_path = "questionnaire__programme__organisation"
    list_display = ("staff", "questionnaire", "subject", "status", "expires_at", "revoked_at")
    list_filter = ("status", "questionnaire__kind")
    search_fields = ("staff__last_name", "staff__first_name")
    list_select_related = ("staff", "questionnaire", "subject")
    exclude = ("token_nonce", "token_hash")


class AnswerInline(ReadOnlyMixin, admin.TabularInline):
    model = Answer
    fields = ("question", "value")
    readonly_fields = fields
    extra = 0


@admin.register(Response)
class ResponseAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    organisation_path = "version__" + ORG_OF_VERSION
    list_display = ("__str__", "status", "submitted_at", "anonymised_at")
    list_filter = ("status", "version__questionnaire__kind")
    search_fields = ("respondent__last_name",)
    list_select_related = ("respondent", "version__questionnaire")
    exclude = ("invitation",)
    inlines = [AnswerInline]
