"""Status charts as inline SVG: no script, no image file, nothing fetched.

Colours come in pairs chosen for contrast (white or dark text on each fill at
4.5:1 or better), and every bar is also written as text, so the chart never
carries information by colour alone.
"""

from __future__ import annotations

from html import escape

from planctl.export.labels import enum_label
from planctl.model import STATUSES

# fill, text colour on it
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "proposed": ("#5a5a5a", "#ffffff"),
    "in-preparation": ("#8a4b00", "#ffffff"),
    "decided": ("#1d4f91", "#ffffff"),
    "ongoing": ("#006b3c", "#ffffff"),
    "completed": ("#3b2a7a", "#ffffff"),
    "cancelled": ("#9b1c1c", "#ffffff"),
}


CHART_WIDTH = 420
"""The chart's own width in SVG units. The page shows it at most this wide (style.css), so on a
desktop its text is the size written here, and on a 390 px phone it shrinks by a sixth at most
(labels of 16 units stay above 13 px): labels sit above their bars, so no label column eats
the width, and a long label wraps onto a second line instead of shrinking the chart."""
LABEL_CHARS = 44
"""Characters of a label per line: 16-unit system-ui text averages under 9 units a character."""


def _lines(label: str, room: int = LABEL_CHARS, most: int = 2) -> list[str]:
    """`label` in lines of at most `room` characters, at word breaks; the last one cut with …"""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: room - 1].rstrip() + "…"
    return [line if len(line) <= room else line[: room - 1] + "…" for line in lines] or [""]


def stacked_bars(rows: list[tuple[str, dict[str, int]]], *, title: str, lang: str, width: int = CHART_WIDTH) -> str:
    """One horizontal bar per row, split by status, with a legend; `rows` are (label, counts)."""
    bar_h, line_h, gap, legend_row = 26, 20, 14, 22
    plot_w = width - 44  # room for the total after the longest bar
    most = max([sum(c.values()) for _, c in rows] + [1])
    legend_rows = (len(STATUSES) + 1) // 2
    labels = [_lines(label) for label, _ in rows]
    height = legend_rows * legend_row + gap + sum(len(lines) * line_h + bar_h + gap for lines in labels)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="chart-title">',
             f'<title id="chart-title">{escape(title)}</title>']
    for i, status in enumerate(STATUSES):  # two columns, so the longest label has half the width
        fill, _ = STATUS_COLOURS[status]
        x, y = (i % 2) * (width // 2), (i // 2) * legend_row
        label = escape(enum_label("status", status, lang))
        parts.append(f'<rect x="{x}" y="{y + 4}" width="14" height="14" fill="{fill}"/>'
                     f'<text x="{x + 20}" y="{y + 16}" font-size="14" fill="#1a1a1a">{label}</text>')
    y = legend_rows * legend_row + gap
    for (label, counts), lines in zip(rows, labels, strict=True):
        total = sum(counts.values())
        for line in lines:
            parts.append(f'<text x="0" y="{y + 15}" font-size="16" fill="#1a1a1a">{escape(line)}</text>')
            y += line_h
        x0: float = 0
        for status in STATUSES:
            n = counts.get(status, 0)
            if not n:
                continue
            w = plot_w * n / most
            fill, ink = STATUS_COLOURS[status]
            name = escape(enum_label("status", status, lang))
            parts.append(f'<rect x="{x0:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{fill}">'
                         f'<title>{escape(label)}: {name} {n}</title></rect>')
            if w >= 16:
                parts.append(f'<text x="{x0 + w / 2:.1f}" y="{y + 18}" font-size="14" text-anchor="middle" '
                             f'fill="{ink}">{n}</text>')
            x0 += w
        parts.append(f'<text x="{x0 + 6:.1f}" y="{y + 18}" font-size="14" fill="#1a1a1a">{total}</text>')
        y += bar_h + gap
    parts.append("</svg>")
    return "".join(parts)


def text_bars(rows: list[tuple[str, int]]) -> str:
    """A bar chart in plain text, for Markdown (which cannot hold SVG everywhere)."""
    width = max([len(label) for label, _ in rows] + [1])
    return "\n".join(f"{label.ljust(width)}  {'█' * n}{' ' if n else ''}{n}" for label, n in rows)
