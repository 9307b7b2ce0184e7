"""Facts follow the cases: dms announces every opened or changed case, in its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghiseu.ops.tenancy import tenant_db

from .services import facts_refresh_cases, stats_refresh_after_commit


def on_case_changed(sender: Any, *, case_ids: Iterable[int], **kwargs: Any) -> None:
    schema = tenant_db().schema_name
    days = facts_refresh_cases(schema=schema, case_ids=case_ids)
    stats_refresh_after_commit(schema=schema, days=days)
