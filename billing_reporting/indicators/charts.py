"""Trend charts drawn on the server as SVG: no JavaScript, no library, the page's colours.

Each chart is an image with a title and a one-line description for screen readers; the page
prints its data table next to it. Colours come from CSS classes (the stylesheet gives them
the theme's colours with enough contrast); every series also differs by shape (bars, a solid
line, a dashed line), so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 300
# Text is 18 units high: on a 360 px phone the chart is drawn at about half its width, and
# the labels must stay readable there.
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 16, 70
CHAR = 10  # the width of one character of the legend, roughly


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    style: str  # "bar", "line" or "dashed"


def _nice_top(value: float) -> float:
    """A round upper bound for the axis: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    magnitude = 1.0
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _label(value: float) -> str:
    return number_format(round(value, 1), decimal_pos=0 if value == int(value) else 1)


def chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    top: float | None = None,
    unit: str = "",
) -> SafeString:
    values = [v for s in series for v in s.values if v is not None]
    top = top if top else _nice_top(max(values, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(labels), 1)
    bars = [s for s in series if s.style == "bar"]
    bar_w = slot * 0.7 / max(len(bars), 1)

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * min(value, top) / top

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    for step in range(5):
        value = top * step / 4
        parts.append(
            f'<line class="chart__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
            f'y1="{y(value):.1f}" y2="{y(value):.1f}"/>'
            f'<text class="chart__axis" x="{LEFT - 6}" y="{y(value) + 4:.1f}" '
            f'text-anchor="end">{escape(_label(value))}{escape(unit)}</text>'
        )
    every = 1 if len(labels) <= 6 else 2 if len(labels) <= 12 else (len(labels) + 5) // 6
    for index, label in enumerate(labels):
        if index % every == 0:
            x = LEFT + slot * (index + 0.5)
            parts.append(
                f'<text class="chart__axis" x="{x:.1f}" y="{HEIGHT - BOTTOM + 24}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    for number, item in enumerate(bars):
        for index, amount in enumerate(item.values):
            if not amount:
                continue
            x = LEFT + slot * index + slot * 0.15 + bar_w * number
            parts.append(
                f'<rect class="chart__bar chart__bar--{number}" x="{x:.1f}" y="{y(amount):.1f}" '
                f'width="{bar_w:.1f}" height="{TOP + plot_h - y(amount):.1f}"/>'
            )
    for item in series:
        if item.style == "bar":
            continue
        points = [
            f"{LEFT + slot * (index + 0.5):.1f},{y(value):.1f}"
            for index, value in enumerate(item.values)
            if value is not None
        ]
        if not points:
            continue
        parts.append(
            f'<polyline class="chart__line chart__line--{item.style}" points="{" ".join(points)}"/>'
        )
        for point in points:
            cx, cy = point.split(",")
            parts.append(f'<circle class="chart__dot" cx="{cx}" cy="{cy}" r="3"/>')
    parts.append(_legend(series))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _legend(series: Sequence[Series]) -> str:
    parts, x = [], LEFT
    bar_number = 0
    for item in series:
        y = HEIGHT - 10
        if item.style == "bar":
            parts.append(
                f'<rect class="chart__bar chart__bar--{bar_number}" x="{x}" y="{y - 14}" '
                'width="16" height="14"/>'
            )
            bar_number += 1
        else:
            parts.append(
                f'<line class="chart__line chart__line--{item.style}" x1="{x}" x2="{x + 20}" '
                f'y1="{y - 6}" y2="{y - 6}"/>'
            )
        parts.append(f'<text class="chart__legend" x="{x + 26}" y="{y}">{escape(item.name)}</text>')
        x += 40 + CHAR * len(item.name)
    return "".join(parts)
