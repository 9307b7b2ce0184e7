"""WCAG 2.1 colour contrast, so any colour a UAT picks yields AA-compliant text.

For any background, either white or near-black text reaches at least 4.58:1, so the header
text colour is chosen, never configured; link colours are darkened until they pass on white.
"""

from __future__ import annotations

WHITE = "#ffffff"
INK = "#1a1a1a"
AA_NORMAL_TEXT = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_on(background: str) -> str:
    return WHITE if contrast_ratio(background, WHITE) >= contrast_ratio(background, INK) else INK


def darkened_until_readable(color: str, on: str = WHITE) -> str:
    """The colour itself if it reads on ``on``, else the nearest darker shade that does."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    for step in range(0, 101):
        factor = 1 - step / 100
        candidate = f"#{int(r * factor):02x}{int(g * factor):02x}{int(b * factor):02x}"
        if contrast_ratio(candidate, on) >= AA_NORMAL_TEXT:
            return candidate
    return INK
