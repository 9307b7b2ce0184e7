"""Write and compile the platform's Romanian catalog (see ghiseu.ops.romanian_catalog)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from ghiseu.ops import romanian_catalog


class Command(BaseCommand):
    help = "Write locale/ro from Django's catalogs and the platform's plural messages."
    requires_system_checks: list[str] = []  # reads catalogs only: no URL conf, no database

    def handle(self, *args: Any, **options: Any) -> None:
        locale = Path(settings.LOCALE_PATHS[0])
        po = locale / "ro" / "LC_MESSAGES" / "django.po"
        po.parent.mkdir(parents=True, exist_ok=True)
        plurals = romanian_catalog.platform_plurals(locale / "en" / "LC_MESSAGES" / "django.po")
        overrides = romanian_catalog.django_overrides(romanian_catalog.installed_catalogs())
        po.write_text(
            romanian_catalog.render_po(plurals=plurals, overrides=overrides), encoding="utf-8"
        )
        subprocess.run(  # noqa: S603
            ["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)],  # noqa: S607
            check=True,
        )
        self.stdout.write(f"{po}: {len(plurals)} plural messages, {len(overrides)} corrections")
