"""A signed-in citizen's requests at every UAT of the county, assembled for them alone.

The public index (citizens.FiledRequest, written when a request is filed while signed in)
says where each request is; its status is read in that UAT's schema, for this citizen's own
cases only (one query per UAT they filed at). No UAT reads another's data, and no staff page
calls this.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django_tenants.utils import schema_context

from citizens.models import FiledRequest
from citizens.selectors import filed_requests_of
from dms.cases.selectors import case_statuses_for_citizen


@dataclass(frozen=True)
class CountyRequest:
    filed: FiledRequest
    status: str


def county_requests(*, citizen_id: int) -> list[CountyRequest]:
    rows = list(filed_requests_of(citizen_id=citizen_id))
    by_schema: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        by_schema[row.schema_name].append(row.case_id)
    statuses: dict[tuple[str, int], str] = {}
    for schema, case_ids in by_schema.items():
        with schema_context(schema):
            found = case_statuses_for_citizen(citizen_ref=citizen_id, case_ids=case_ids)
        statuses.update({(schema, case_id): status for case_id, status in found.items()})
    return [
        CountyRequest(filed=row, status=statuses[(row.schema_name, row.case_id)])
        for row in rows
        if (row.schema_name, row.case_id) in statuses
    ]
