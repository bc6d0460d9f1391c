"""Server-side SVG bar charts for the statistics page: the geometry is computed here and the
template draws it, so the page needs no script and no chart library."""

from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH = 260
CHART_WIDTH = 420
BAR_HEIGHT = 18
GAP = 6


@dataclass
class Bar:
    label: str
    value: float
    y: int
    width: float
    text_y: int
    value_x: float


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    height: int
    width: int = LABEL_WIDTH + CHART_WIDTH + 60
    label_width: int = LABEL_WIDTH


def bar_chart(title: str, items: list[tuple[str, float]]) -> BarChart:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    top = max((value for _label, value in items), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(items):
        y = index * (BAR_HEIGHT + GAP)
        bars.append(
            Bar(
                label=label,
                value=value,
                y=y,
                width=round(CHART_WIDTH * value / top, 1),
                text_y=y + BAR_HEIGHT - 4,
                value_x=round(LABEL_WIDTH + CHART_WIDTH * value / top + 4, 1),
            )
        )
    return BarChart(title=title, bars=bars, height=max(len(items), 1) * (BAR_HEIGHT + GAP))
