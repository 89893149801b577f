"""Small bar charts drawn at build time as inline SVG: no chart library, nothing loaded."""

from __future__ import annotations

import re
from html import escape


def percent(value: str) -> float:
    """'41%' → 41.0; '<1%' → 0.5 (drawn as a sliver, labelled as printed)."""
    number = float(re.sub(r"[^0-9.]", "", value) or 0)
    return number / 2 if value.startswith("<") else number


def bar(rows: list[tuple[str, str]], title: str, scale: float = 50.0) -> str:
    """Horizontal bars, one per (label, printed percentage); numbers stay visible as text."""
    row_h, label_w, bar_w = 26, 190, 260
    height = row_h * len(rows) + 8
    parts = [
        f'<svg class="jz-bars" role="img" aria-label="{escape(title)}" viewBox="0 0 {label_w + bar_w + 60} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(rows):
        y = 4 + i * row_h
        width = max(2.0, bar_w * min(percent(value), scale) / scale)
        parts.append(
            f'<text x="0" y="{y + 17}" class="jz-bars__label">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="16" rx="2" class="jz-bars__bar"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 17}" class="jz-bars__value">{escape(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
