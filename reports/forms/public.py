"""The public page's settings form."""

from django import forms

from ..models import PublicPage


class PublicPageForm(forms.ModelForm):
    class Meta:
        model = PublicPage
        fields = ["enabled", "noindex", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}
