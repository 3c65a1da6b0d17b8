"""The monitoring report (7.3, 7.4): the curator writes the analysis beside the figures, and
saving it closes the roadmap's activities the records show done — 7.3 when the analysis and the
conclusions stand beside the quality figures, 7.4 when the final assessment round has scores —
with the monitoring page as evidence."""

from dataclasses import dataclass, field

from django.urls import reverse

from programme.exceptions import DomainError
from programme.models import Programme, User
from programme.models.roadmap import ActivityStatus
from programme.services.roadmap import activity_mark_done
from programme.validators import NOTE_MAX_LENGTH, check_text_length

from ..models import MonitoringReport
from ..models.monitoring import SWOT_FIELDS
from ..selectors import monitoring as selectors

SWOT_LABELS = {
    "strengths": "Сильные стороны",
    "weaknesses": "Слабые стороны",
    "opportunities": "Возможности и предложения",
    "threats": "Риски (угрозы)",
    "conclusions": "Выводы",
}
CLOSING_LABELS = {
    "7.3": "Отчёт о мониторинге: качество реализации программы (этап 1)",
    "7.4": "Отчёт о мониторинге: результаты участников «до» и «после» (этап 2)",
}


@dataclass
class Saved:
    report: MonitoringReport
    closed: list[str] = field(default_factory=list)  # roadmap codes closed now
    waiting: list[str] = field(default_factory=list)  # why an activity stays open


def monitoring_save(
    *,
    programme: Programme,
    by: User | None,
    strengths: str = "",
    weaknesses: str = "",
    opportunities: str = "",
    threats: str = "",
    conclusions: str = "",
) -> Saved:
    """Save the analysis (one report per programme: the database keeps one) and close 7.3 and
    7.4 if the records show them done."""
    texts = {
        "strengths": strengths,
        "weaknesses": weaknesses,
        "opportunities": opportunities,
        "threats": threats,
        "conclusions": conclusions,
    }
    texts = {name: (texts[name] or "").strip() for name in SWOT_FIELDS}
    if not any(texts.values()):
        raise DomainError("Заполните хотя бы одно поле: сильные или слабые стороны, выводы.")
    for name, text in texts.items():
        check_text_length(text, limit=NOTE_MAX_LENGTH, what=SWOT_LABELS[name])
    report, _created = MonitoringReport.objects.update_or_create(
        programme=programme, defaults={**texts, "updated_by": by}
    )
    saved = Saved(report=report)
    monitoring_roadmap_close(programme=programme, report=report, saved=saved)
    return saved


def monitoring_roadmap_close(
    *, programme: Programme, report: MonitoringReport, saved: Saved | None = None
) -> Saved:
    """Close 7.3 (analysis and conclusions written, pairs to speak of) and 7.4 (the final round
    has scores), each with the monitoring page as evidence; an activity already closed by the
    curator (done or «не требуется») is left as she closed it."""
    saved = saved or Saved(report=report)
    still_open = set(
        programme.activities.filter(code__in=CLOSING_LABELS)
        .exclude(status__in=[ActivityStatus.DONE, ActivityStatus.NOT_REQUIRED])
        .values_list("code", flat=True)
    )
    if not still_open:
        return saved
    url = reverse("reports:monitoring", args=[programme.pk])
    ready = {}
    if "7.3" in still_open:
        quality = selectors.quality(programme)
        if not report.has_analysis:
            saved.waiting.append(
                "7.3 закроется, когда будут записаны выводы и хотя бы сильные или слабые стороны."
            )
        elif not quality.has_figures:
            saved.waiting.append("7.3 закроется, когда в программе будут наставнические пары.")
        else:
            ready["7.3"] = url
    if "7.4" in still_open:
        if selectors.impact(programme).final_scored:
            ready["7.4"] = url + "#impact"
        else:
            saved.waiting.append("7.4 закроется, когда в итоговой оценке будут баллы.")
    for code, evidence in ready.items():
        activity_mark_done(
            programme=programme,
            code=code,
            evidence_url=evidence,
            evidence_label=CLOSING_LABELS[code],
        )
        saved.closed.append(code)
    return saved
