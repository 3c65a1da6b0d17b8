"""Forms of the shared mentors: the search over the cards and the request to borrow one."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CardFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=100)
    competency = forms.ChoiceField(label=_("Компетенция"), required=False)

    def __init__(self, *args, competencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", _("любая"))] + [(c, c) for c in competencies]


class LoanRequestForm(forms.Form):
    mentee = forms.TypedChoiceField(label=_("Для кого из наставляемых"), coerce=int)
    message = forms.CharField(
        label=_("Сообщение наставнику и её организации"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Что нужно наставляемому, в какой форме и в какой срок. Фамилию наставляемого "
            "не пишите: другой организации она не передаётся."
        ),
    )

    def __init__(self, *args, mentees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].choices = [
            (m.pk, f"{m.staff.full_name}, {m.staff.get_position_display()}") for m in mentees
        ]
