"""The curator's analysis beside the monitoring figures (7.3): the SWOT and the conclusions."""

from django import forms

from programme.validators import NOTE_MAX_LENGTH

HELP = {
    "strengths": "Что получилось: участие, работа пар, отзывы участников.",
    "weaknesses": "Что не получилось или получилось не везде.",
    "opportunities": "Что предлагается изменить в следующем году.",
    "threats": "Что может помешать (необязательно).",
    "conclusions": "Печатаются в отчёте перед подписью заведующего.",
}


def _text(label: str, name: str, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=HELP[name],
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class MonitoringReportForm(forms.Form):
    strengths = _text("Сильные стороны", "strengths")
    weaknesses = _text("Слабые стороны", "weaknesses")
    opportunities = _text("Возможности и предложения", "opportunities")
    threats = _text("Риски (угрозы)", "threats", rows=3)
    conclusions = _text("Выводы", "conclusions", rows=5)
