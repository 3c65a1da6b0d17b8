from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Organisation, Territory, User


class KindergartenForm(forms.ModelForm):
    """A kindergarten of the coordinator's territory and its curator to invite."""

    municipality = forms.ModelChoiceField(
        label=_("Муниципальное образование"),
        queryset=Territory.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Выберите муниципалитет вашей территории.")},
    )
    curator_last_name = forms.CharField(label=_("Фамилия куратора"), max_length=150)
    curator_first_name = forms.CharField(label=_("Имя куратора"), max_length=150)
    curator_patronymic = forms.CharField(
        label=_("Отчество куратора"), max_length=150, required=False
    )
    curator_email = forms.EmailField(
        label=_("Электронная почта куратора"),
        help_text=_("На неё придёт ссылка, чтобы задать пароль; она же — имя для входа."),
    )

    class Meta:
        model = Organisation
        fields = ["full_name", "short_name", "slug", "address", "head_name", "email"]
        labels = {"slug": _("Адрес страницы (латиницей, например ds-omsk-12)")}

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.order_fields(["municipality", *self.Meta.fields])
        for name in ("head_name", "email"):
            self.fields[name].required = True

    def clean_curator_email(self):
        email = self.cleaned_data["curator_email"].strip().lower()
        if (
            User.objects.filter(email__iexact=email).exists()
            or User.objects.filter(username__iexact=email).exists()
        ):
            raise forms.ValidationError(
                _("Пользователь с этим адресом уже есть. Укажите другой адрес.")
            )
        return email
