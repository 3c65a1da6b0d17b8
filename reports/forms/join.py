"""Forms of the public join page (the announcement's QR code)."""

from django import forms


class JoinEmailForm(forms.Form):
    email = forms.EmailField(
        label="Электронная почта, указанная в вашей карточке педагога",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class JoinNameForm(forms.Form):
    full_name = forms.CharField(
        label="Фамилия, имя, отчество",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    detail = forms.CharField(
        label="Группа или должность (необязательно)",
        max_length=200,
        required=False,
    )
