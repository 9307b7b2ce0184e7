"""Run every benchmark against its own ephemeral PostgreSQL and Redis; print a report.

python -m bench                 # everything
python -m bench onboarding      # one of: onboarding, migrate, notifications, submissions,
                                #   eid (e-ID sign-in and payment callbacks)
python -m bench backoffice      # not part of "everything": it loads 1,000,000 rows
python -m bench uat_transfer    # not part of "everything": one UAT of 100,000 cases moved
python -m bench quality         # neither: 1,000,000 cases and the county's 77 UATs
python -m bench website         # not part of "everything": 100,000 acts across 77 UATs
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    # The test profile starts a throw-away PostgreSQL and Redis, deleted at exit.
    os.environ["DJANGO_SETTINGS_MODULE"] = "ghiseu.test_settings"
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    from bench import migrate, notifications, onboarding, submissions

    chosen = set(argv) or {"onboarding", "migrate", "notifications", "submissions", "eid"}
    if "onboarding" in chosen:
        onboarding.run()
    if "migrate" in chosen:
        migrate.run()
    if "notifications" in chosen:
        notifications.run()
    if "submissions" in chosen:
        submissions.run()
    if "eid" in chosen:
        from bench import eid_payments

        eid_payments.run()
    if "website" in chosen:
        from bench import website

        website.run()
    if "backoffice" in chosen:
        from bench import backoffice

        backoffice.run()
    if "uat_transfer" in chosen:
        from bench import uat_transfer

        uat_transfer.run()
    if "quality" in chosen:
        from bench import quality

        quality.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
