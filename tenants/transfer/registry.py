"""Public-schema rows that belong to one UAT, as each app declares them.

An app lists its public models keyed by a UAT on its AppConfig, with the lookup that yields
the UAT's schema name::

    class BillingReportingConfig(AppConfig):
        uat_public_rows = {"UsageEvent": "schema_name"}

``uat_export`` / ``uat_import`` move exactly these rows with the UAT's schema, so a new public
table keyed by a UAT only needs its line here to travel with it. Rows that are not the UAT's
data are left out on purpose: a citizen's e-ID sign-in attempts (``citizens.SignIn``) expire
within minutes and hold one-time secrets; the citizen's identity belongs to the county.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class PublicRows:
    model: type[models.Model]
    schema_lookup: str  # an ORM lookup naming the UAT's schema, e.g. "tenant__schema_name"

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def of(self, schema_name: str) -> models.QuerySet[models.Model]:
        return self.model._base_manager.filter(**{self.schema_lookup: schema_name}).order_by("pk")


def public_rows() -> list[PublicRows]:
    """Every app's declaration, parents before the rows that point at them."""
    declared = [
        PublicRows(model=config.get_model(name), schema_lookup=lookup)
        for config in apps.get_app_configs()
        for name, lookup in getattr(config, "uat_public_rows", {}).items()
    ]
    return _parents_first(declared)


def foreign_keys(model: type[models.Model]) -> list[models.ForeignKey[models.Model, models.Model]]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.related_model is not None
    ]


def _parents_first(declared: list[PublicRows]) -> list[PublicRows]:
    by_model = {rows.model: rows for rows in declared}
    ordered: list[PublicRows] = []

    def visit(rows: PublicRows, path: tuple[type[models.Model], ...]) -> None:
        if rows in ordered:
            return
        if rows.model in path:
            raise ValueError(f"uat_public_rows: a cycle of foreign keys through {rows.label}")
        for field in foreign_keys(rows.model):
            parent = by_model.get(field.related_model)
            if parent is not None and parent is not rows:
                visit(parent, (*path, rows.model))
        ordered.append(rows)

    for rows in declared:
        visit(rows, ())
    return ordered
