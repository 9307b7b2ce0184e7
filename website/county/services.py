"""Writes on the county index, called by the MOL services inside their own transaction: the
act and its index row change together or not at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ghiseu.ops.tenancy import current_tenant_record, tenant_db
from ghiseu.ops.text import fold

from .models import CountyAct

if TYPE_CHECKING:
    from website.mol.models import Act

MAX_INDEXED_TEXT = 20_000  # characters of the act's files searchable county-wide


def county_act_sync(*, act: Act, repealed: bool, files_text: str) -> None:
    """Upsert the row of a published act; remove it when the act is not (or no longer)
    public. A re-run changes nothing."""
    schema = tenant_db().schema_name
    if act.published_at is None:
        CountyAct.objects.filter(schema_name=schema, act_id=act.pk).delete()
        return
    uat = current_tenant_record()
    uat_name = str(getattr(uat, "official_name", schema))
    CountyAct.objects.update_or_create(
        schema_name=schema,
        act_id=act.pk,
        defaults={
            "uat_name": uat_name,
            "section": act.section,
            "year": act.year,
            "number": act.number,
            "kind": act.kind,
            "title": act.title,
            "adopted_on": act.adopted_on,
            "published_at": act.published_at,
            "prefect_due": act.prefect_due,
            "communicated_on": act.communicated_on,
            "repealed": repealed,
            "path": act.public_path,
            "search_text": fold(
                " ".join([uat_name, str(act), act.title, files_text[:MAX_INDEXED_TEXT]])
            ),
        },
    )
