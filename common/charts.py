"""Bar charts as inline SVG, drawn on the server so they show on a page and print in a PDF.

A chart never hides its numbers: the SVG's own text alternative (aria-label) holds every
figure, and on a page `bar_chart_figure` puts the chart with a table of the same figures — read
by screen readers instead of the picture, hidden on screen, printed on paper (static/css/app.css,
`.chart-figures`). The bar colours keep 3:1 against white (WCAG 1.4.11)."""

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

COLOURS = ("#0a58ca", "#b45309", "#146c43", "#6f42c1")


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]


# A figure's format: "{:g}" and the like, or a function (e.g. a decimal comma for a document).
ValueFormat = str | Callable[[float], str]


def _format(value: float, value_format: ValueFormat) -> str:
    return value_format(value) if callable(value_format) else value_format.format(value)


def _figure(value: float | None, value_format: ValueFormat) -> str:
    return "—" if value is None else _format(value, value_format)


def chart_text(
    labels: list[str], series: list[Series], *, title: str = "", value_format: ValueFormat = "{:g}"
) -> str:
    """The chart in words: «Title. Label: 3; Label: 5.» or, with several series,
    «Label: до 3, после 7.»"""
    rows = []
    for row, label in enumerate(labels):
        if len(series) == 1:
            figures = _figure(series[0].values[row], value_format)
        else:
            figures = ", ".join(f"{s.name} {_figure(s.values[row], value_format)}" for s in series)
        rows.append(f"{label}: {figures}")
    text = "; ".join(rows) + "." if rows else "нет данных."
    return f"{title}. {text}" if title else text


def bar_chart_svg(
    labels: list[str],
    series: list[Series],
    *,
    max_value: float | None = None,
    width: int = 640,
    label_width: int = 230,
    bar_height: int = 14,
    value_format: ValueFormat = "{:g}",
    title: str = "",
    hidden: bool = False,
) -> str:
    """Horizontal bars, one group per label, one bar per series (e.g. «до» and «после»).

    Its text alternative holds the figures; `hidden` leaves it out of the accessibility tree,
    for a page that shows the same figures as a table (`bar_chart_figure`)."""
    values = [v for s in series for v in s.values if v is not None]
    top = max_value if max_value is not None else max(values, default=0) or 1
    group_height = bar_height * len(series) + 8
    legend_height = 18 if len(series) > 1 else 0
    height = legend_height + group_height * len(labels) + 4
    plot_width = width - label_width - 45
    described = chart_text(labels, series, title=title, value_format=value_format)
    naming = (
        'aria-hidden="true" focusable="false"'
        if hidden
        else f'role="img" aria-label="{escape(described)}"'
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" {naming} '
        'font-family="sans-serif" font-size="11">'
    ]
    if title and not hidden:
        parts.append(f"<title>{escape(described)}</title>")
    if len(series) > 1:
        x = label_width
        for index, s in enumerate(series):
            colour = COLOURS[index % len(COLOURS)]
            parts.append(f'<rect x="{x}" y="3" width="10" height="10" fill="{colour}"/>')
            parts.append(f'<text x="{x + 14}" y="12">{escape(s.name)}</text>')
            x += 20 + 7 * len(s.name)
    for row, label in enumerate(labels):
        y0 = legend_height + row * group_height
        text = label if len(label) <= 38 else label[:37] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y0 + group_height / 2 + 3}" '
            f'text-anchor="end">{escape(text)}</text>'
        )
        for index, s in enumerate(series):
            value = s.values[row]
            if value is None:
                continue
            y = y0 + 4 + index * bar_height
            w = max(0.0, plot_width * float(value) / float(top))
            colour = COLOURS[index % len(COLOURS)]
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height - 2}" '
                f'fill="{colour}"/>'
            )
            parts.append(
                f'<text x="{label_width + w + 4:.1f}" y="{y + bar_height - 4}">'
                f"{escape(_format(value, value_format))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def chart_table(
    labels: list[str],
    series: list[Series],
    *,
    title: str = "",
    label_name: str = "Показатель",
    value_format: ValueFormat = "{:g}",
    css_class: str = "chart-figures",
) -> str:
    """The chart's figures as a table: a row per label, a column per series."""
    head = "".join(f'<th scope="col">{escape(s.name)}</th>' for s in series)
    rows = []
    for row, label in enumerate(labels):
        cells = "".join(f"<td>{escape(_figure(s.values[row], value_format))}</td>" for s in series)
        rows.append(f'<tr><th scope="row">{escape(label)}</th>{cells}</tr>')
    caption = f"<caption>{escape(title)}</caption>" if title else ""
    return (
        f'<table class="{css_class}">{caption}<thead><tr><th scope="col">{escape(label_name)}</th>'
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def bar_chart_figure(
    labels: list[str],
    series: list[Series],
    *,
    title: str = "",
    label_name: str = "Показатель",
    value_format: ValueFormat = "{:g}",
    **drawing,
) -> str:
    """A chart for a page: the bars for the eye, the same figures as a table for a screen reader
    and for the printer (the table is hidden on screen only)."""
    svg = bar_chart_svg(
        labels, series, title=title, value_format=value_format, hidden=True, **drawing
    )
    table = chart_table(
        labels, series, title=title, label_name=label_name, value_format=value_format
    )
    return f'<figure class="chart mb-0">{svg}{table}</figure>'
