"""Bar charts as inline SVG, drawn on the server so they show on a page and print in a PDF."""

from dataclasses import dataclass
from html import escape

COLOURS = ("#0d6efd", "#fd7e14", "#198754", "#6f42c1")


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]


def bar_chart_svg(
    labels: list[str],
    series: list[Series],
    *,
    max_value: float | None = None,
    width: int = 640,
    label_width: int = 230,
    bar_height: int = 14,
    value_format: str = "{:g}",
    title: str = "",
) -> str:
    """Horizontal bars, one group per label, one bar per series (e.g. «до» and «после»)."""
    values = [v for s in series for v in s.values if v is not None]
    top = max_value if max_value is not None else max(values, default=0) or 1
    group_height = bar_height * len(series) + 8
    legend_height = 18 if len(series) > 1 else 0
    height = legend_height + group_height * len(labels) + 4
    plot_width = width - label_width - 45
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        'font-family="sans-serif" font-size="11">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
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
                f"{escape(value_format.format(value))}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
