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


def stacked_bars(rows: list[tuple[str, dict[str, int]]], *, title: str, lang: str, width: int = 640) -> str:
    """One horizontal bar per row, split by status, with a legend; `rows` are (label, counts)."""
    label_w, bar_h, gap, legend_h = 220, 26, 10, 28
    plot_w = width - label_w - 50
    most = max([sum(c.values()) for _, c in rows] + [1])
    height = legend_h + len(rows) * (bar_h + gap) + gap
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="chart-title">',
             f'<title id="chart-title">{escape(title)}</title>']
    x = 0
    for status in STATUSES:
        fill, _ = STATUS_COLOURS[status]
        label = escape(enum_label("status", status, lang))
        parts.append(f'<rect x="{x}" y="4" width="14" height="14" fill="{fill}"/>'
                     f'<text x="{x + 18}" y="16" font-size="12" fill="#1a1a1a">{label}</text>')
        x += 18 + 7 * len(label) + 14
    y = legend_h
    for label, counts in rows:
        total = sum(counts.values())
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(f'<text x="0" y="{y + 17}" font-size="13" fill="#1a1a1a">{escape(short)}</text>')
        x0: float = label_w
        for status in STATUSES:
            n = counts.get(status, 0)
            if not n:
                continue
            w = plot_w * n / most
            fill, ink = STATUS_COLOURS[status]
            name = escape(enum_label("status", status, lang))
            parts.append(f'<rect x="{x0:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{fill}">'
                         f'<title>{escape(label)}: {name} {n}</title></rect>')
            if w >= 14:
                parts.append(f'<text x="{x0 + w / 2:.1f}" y="{y + 17}" font-size="12" text-anchor="middle" '
                             f'fill="{ink}">{n}</text>')
            x0 += w
        parts.append(f'<text x="{x0 + 6:.1f}" y="{y + 17}" font-size="12" fill="#1a1a1a">{total}</text>')
        y += bar_h + gap
    parts.append("</svg>")
    return "".join(parts)


def text_bars(rows: list[tuple[str, int]]) -> str:
    """A bar chart in plain text, for Markdown (which cannot hold SVG everywhere)."""
    width = max([len(label) for label, _ in rows] + [1])
    return "\n".join(f"{label.ljust(width)}  {'█' * n}{' ' if n else ''}{n}" for label, n in rows)
