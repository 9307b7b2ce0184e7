"""`migrate_schemas` with nothing to apply, across 100 and 500 UATs: time and peak memory.

Each measurement runs the real command in a child process; the baseline is `manage.py check`
in the same run (interpreter and Django start-up), so the per-tenant cost can be told apart.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from tenants.models import UAT
from tenants.services import OnboardingData, uat_onboard

REPO = Path(__file__).resolve().parents[1]
SIZES = (100, 500)


def _ensure_uats(count: int) -> None:
    existing = UAT.objects.count()
    for n in range(existing, count):
        uat_onboard(
            data=OnboardingData(
                official_name=f"Comuna Bench {n}",
                short_name=f"Bench {n}",
                kind="comuna",
                slug=f"bench-{n}",
                siruta=700000 + n,
                admin_email=f"admin@bench{n}.example.org",
            )
        )


def _child(*args: str) -> tuple[float, float]:
    """Wall seconds and the child's peak resident memory (MiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        check=True,
        env=os.environ,
        stdout=subprocess.DEVNULL,
        cwd=REPO,
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def run() -> None:
    print("\n== migrate_schemas with nothing to apply ==")
    baseline, baseline_mem = _child("check")
    print(f"baseline `manage.py check`: {baseline:.2f} s, peak {baseline_mem:.0f} MiB")
    for size in SIZES:
        started = time.perf_counter()
        _ensure_uats(size)
        print(f"  ({size} UATs onboarded in {time.perf_counter() - started:.1f} s in total)")
        for label, extra in (
            ("django-tenants standard", ["--executor", "standard"]),
            ("ours (skip up-to-date)", []),
        ):
            elapsed, peak = _child("migrate_schemas", "--noinput", "-v", "0", *extra)
            per_tenant = (elapsed - baseline) / size
            print(
                f"{size} UATs, {label:<24}: {elapsed:6.2f} s, "
                f"{per_tenant * 1000:6.1f} ms/tenant beyond baseline, "
                f"{elapsed / baseline:5.1f}x baseline, peak {peak:.0f} MiB"
            )
