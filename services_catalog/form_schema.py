"""The form a service asks citizens to fill: a list of field definitions, checked here.

A field: {"name", "type", "label": {"ro", "en"}, "help"?, "required"?, "max_length"?,
"choices"? [{"value", "label": {"ro", "en"}}], "visible_if"? {"field", "equals"},
"allowed_types"? [MIME types], "max_size_mb"?, "when"? ("past" or "future", for dates)}.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dms.documents.files import ALLOWED_TYPES

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
FILE_TYPES = frozenset(ALLOWED_TYPES)
MAX_FILE_MB = 20
DATE_WHEN = {"past", "future"}
MAX_TEXT_LENGTH = 5000
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# The portal's form has a hidden "version" field of its own; a schema field may not replace it.
_RESERVED_NAMES = {"version"}


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
        if condition is None:
            continue
        if not isinstance(condition, dict) or condition.get("field") not in names:
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
    if not isinstance(name, str) or not _NAME.match(name) or name in _RESERVED_NAMES:
        problems.append(_("%(where)s: nume invalid.") % {"where": where})
    elif name in names:
        problems.append(_("%(where)s: numele %(name)s se repetă.") % {"where": where, "name": name})
    else:
        names.add(name)
    if not isinstance(field.get("type"), str) or field["type"] not in FIELD_TYPES:
        problems.append(_("%(where)s: tip necunoscut.") % {"where": where})
    if not _is_bilingual(field.get("label")):
        problems.append(
            _("%(where)s: eticheta trebuie dată în română și engleză.") % {"where": where}
        )
    # Now that the county edits schemas in the console, every key the portal's form reads is
    # checked here: a schema that passes must never make the citizen's page fail.
    if "help" in field and not _is_bilingual(field["help"]):
        problems.append(
            _("%(where)s: textul de ajutor trebuie dat în română și engleză.") % {"where": where}
        )
    max_length = field.get("max_length")
    if max_length is not None and (
        not _is_int(max_length) or not 1 <= max_length <= MAX_TEXT_LENGTH
    ):
        problems.append(
            _("%(where)s: lungimea maximă este un număr între 1 și %(max)s.")
            % {"where": where, "max": MAX_TEXT_LENGTH}
        )
    if "when" in field and (field.get("type") != "date" or field["when"] not in DATE_WHEN):
        problems.append(
            _("%(where)s: „when” este „past” sau „future”, doar la date.") % {"where": where}
        )
    if field.get("type") == "choice":
        choices = field.get("choices")
        if (
            not isinstance(choices, list)
            or not choices
            or not all(
                isinstance(c, dict)
                and isinstance(c.get("value"), str)
                and c["value"]
                and _is_bilingual(c.get("label"))
                for c in choices
            )
        ):
            problems.append(
                _("%(where)s: lista de opțiuni lipsește sau e invalidă.") % {"where": where}
            )
    if field.get("type") == "file":
        types = field.get("allowed_types") or []
        size = field.get("max_size_mb", 10)
        if (
            not isinstance(types, list)
            or not types
            or not all(isinstance(t, str) and t in FILE_TYPES for t in types)
        ):
            problems.append(
                _("%(where)s: tipurile de fișier permise sunt PDF, JPEG, PNG.") % {"where": where}
            )
        if not _is_int(size) or not 1 <= size <= MAX_FILE_MB:
            problems.append(
                _("%(where)s: dimensiunea maximă este între 1 și %(max)s MB.")
                % {"where": where, "max": MAX_FILE_MB}
            )
    return problems


def _is_bilingual(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(value.get(lang), str) and value[lang] for lang in ("ro", "en")
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
