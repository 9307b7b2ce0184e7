"""The form a service asks citizens to fill: a list of field definitions, checked here.

A field: {"name", "type", "label": {"ro", "en"}, "help"?, "required"?, "max_length"?,
"choices"? [{"value", "label": {"ro", "en"}}], "visible_if"? {"field", "equals"},
"allowed_types"? [MIME types], "max_size_mb"?}.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FIELD_TYPES = {
    "text",
    "textarea",
    "email",
    "phone",
    "cnp",
    "date",
    "number",
    "choice",
    "checkbox",
    "file",
}
FILE_TYPES = {"application/pdf", "image/jpeg", "image/png"}
MAX_FILE_MB = 20
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def schema_check(schema: Any) -> None:
    """Raise a ValidationError naming every problem of the schema."""
    problems: list[str] = []
    if not isinstance(schema, list) or not schema:
        raise ValidationError(_("Formularul trebuie să aibă cel puțin un câmp."))
    names: set[str] = set()
    for position, field in enumerate(schema, start=1):
        problems += _field_problems(position, field, names)
    for field in schema:
        condition = field.get("visible_if") if isinstance(field, dict) else None
        if condition and condition.get("field") not in names:
            problems.append(
                _("Câmpul %(name)s depinde de un câmp inexistent.") % {"name": field.get("name")}
            )
    if problems:
        raise ValidationError(problems)


def _field_problems(position: int, field: Any, names: set[str]) -> list[str]:
    where = _("câmpul %(n)s") % {"n": position}
    if not isinstance(field, dict):
        return [_("%(where)s nu este o definiție de câmp.") % {"where": where}]
    problems = []
    name = field.get("name", "")
    if not isinstance(name, str) or not _NAME.match(name):
        problems.append(_("%(where)s: nume invalid.") % {"where": where})
    elif name in names:
        problems.append(_("%(where)s: numele %(name)s se repetă.") % {"where": where, "name": name})
    else:
        names.add(name)
    if field.get("type") not in FIELD_TYPES:
        problems.append(_("%(where)s: tip necunoscut.") % {"where": where})
    label = field.get("label")
    if not isinstance(label, dict) or not label.get("ro") or not label.get("en"):
        problems.append(
            _("%(where)s: eticheta trebuie dată în română și engleză.") % {"where": where}
        )
    if field.get("type") == "choice":
        choices = field.get("choices")
        if (
            not isinstance(choices, list)
            or not choices
            or not all(
                isinstance(c, dict) and c.get("value") and isinstance(c.get("label"), dict)
                for c in choices
            )
        ):
            problems.append(
                _("%(where)s: lista de opțiuni lipsește sau e invalidă.") % {"where": where}
            )
    if field.get("type") == "file":
        types = field.get("allowed_types") or []
        size = field.get("max_size_mb", 10)
        if not types or not set(types) <= FILE_TYPES:
            problems.append(
                _("%(where)s: tipurile de fișier permise sunt PDF, JPEG, PNG.") % {"where": where}
            )
        if not isinstance(size, int) or not 1 <= size <= MAX_FILE_MB:
            problems.append(
                _("%(where)s: dimensiunea maximă este între 1 și %(max)s MB.")
                % {"where": where, "max": MAX_FILE_MB}
            )
    return problems
