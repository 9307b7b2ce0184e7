"""The theme stylesheet: a handful of CSS variables per UAT, cached by the browser for a year."""

from __future__ import annotations

from .contrast import darkened_until_readable, readable_text_on

DEFAULT_PRIMARY = "#1f4e79"
DEFAULT_SECONDARY = "#f2c14e"


def theme_css(*, primary: str, secondary: str) -> str:
    variables = {
        "--color-primary": primary,
        "--color-on-primary": readable_text_on(primary),
        "--color-secondary": secondary,
        "--color-on-secondary": readable_text_on(secondary),
        "--color-link": darkened_until_readable(primary),
    }
    body = "".join(f"{name}:{value};" for name, value in variables.items())
    return f":root{{{body}}}\n"
