"""The citizen's answers as the form asked for them: in the form's order, under its labels.

A case keeps its answers as a JSON object, and PostgreSQL's jsonb does not keep the order of
an object's keys (it sorts them by length: e-mail, phone, address, content, then the name). The
order is the labels': a list of ``{"name", "label": {"ro", "en"}}`` in the form's order. Cases
filed before keep their labels as an object, whose order was lost with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import translation


def labels_in_order(schema: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a case keeps of the form it was filed on: each field's name and label, in order."""
    return [
        {"name": spec["name"], "label": spec.get("label")} for spec in schema if spec.get("name")
    ]


def _labels(labels: Any) -> dict[str, Any]:
    if isinstance(labels, dict):
        return labels
    if isinstance(labels, list):
        return {item["name"]: item.get("label") for item in labels if isinstance(item, dict)}
    return {}


def label_text(label: Any, name: str, language: str | None = None) -> str:
    if isinstance(label, dict):
        language = language or ("en" if translation.get_language() == "en" else "ro")
        return str(label.get(language) or label.get("ro") or name)
    return str(label or name)


def answers_in_order(
    answers: Any, labels: Any = None, language: str | None = None
) -> Iterator[tuple[str, str, Any]]:
    """(name, label, value) for each answer: the form's fields in the form's order, then any
    answer the labels do not name."""
    if not isinstance(answers, dict):
        return
    by_name = _labels(labels)
    names = [str(name) for name in by_name if name in answers]  # the labels' order
    names += [str(name) for name in answers if name not in by_name]
    for name in names:
        yield name, label_text(by_name.get(name), name, language), answers[name]
