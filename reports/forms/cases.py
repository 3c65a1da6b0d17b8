"""Forms of the cases (7.5): the list's filter, the editor, a material (a file of the pair or a
link)."""

from django import forms

from ..models import Case, CaseStatus

TEXTAREA = {"rows": 5}


class CaseFilterForm(forms.Form):
    q = forms.CharField(label="Поиск: название или фамилия", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Статус", required=False, choices=[("", "все")] + list(CaseStatus.choices)
    )


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["title", "participants", "problem", "goal", "what_was_done", "results", "lessons"]
        widgets = {
            name: forms.Textarea(attrs=TEXTAREA)
            for name in ("participants", "problem", "goal", "what_was_done", "results", "lessons")
        }


class CaseLinkForm(forms.Form):
    url = forms.URLField(label="Ссылка", max_length=500, assume_scheme="https")
    title = forms.CharField(label="Название материала", max_length=300)


class CaseFileForm(forms.Form):
    """A file of the pair, chosen from its plan rows' evidence and its meetings' files."""

    source = forms.ChoiceField(label="Файл пары")
    title = forms.CharField(label="Название (необязательно)", max_length=300, required=False)

    def __init__(self, *args, activities=(), attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "— выберите файл —")]
        choices += [
            (f"activity:{a.pk}", f"План: {a.evidence_name or a.content[:60]}") for a in activities
        ]
        choices += [
            (f"attachment:{a.pk}", f"Встреча {a.meeting.starts_at:%d.%m.%Y}: {a.name}")
            for a in attachments
        ]
        self.fields["source"].choices = choices

    def source_ids(self) -> dict:
        kind, _, pk = self.cleaned_data["source"].partition(":")
        return {"plan_activity_id": int(pk)} if kind == "activity" else {"attachment_id": int(pk)}
