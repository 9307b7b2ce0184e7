"""Who edits the site: the secretary general (who keeps the MOL and its registers) and the
UAT's administrators. Clerks, registrars and heads of department read it like anyone else."""

from __future__ import annotations

from typing import Any

from ghiseu.accounts.guards import has_role, uat_staff_page
from ghiseu.accounts.models import Role

EDITORS = frozenset({Role.SECRETARY, Role.UAT_ADMIN})


def may_edit_site(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in EDITORS


site_editors_only = uat_staff_page(has_role(*EDITORS))
