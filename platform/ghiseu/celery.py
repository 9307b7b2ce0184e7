"""Celery, tenant-aware: a task runs in the schema it was queued from (tenant-schemas-celery)."""

from __future__ import annotations

import os

from celery.schedules import crontab
from celery.signals import task_postrun, task_prerun
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ghiseu.settings")

app = CeleryApp("ghiseu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Queue names live here, and only here.
QUEUE_DEFAULT = "default"

app.conf.beat_schedule = {
    "notifications-sweep": {
        "task": "notifications.sweep",
        "schedule": 60.0,
        "options": {"queue": QUEUE_DEFAULT},
    },
    "pending-files-sweep": {
        "task": "dms.pending_files_sweep",
        "schedule": crontab(minute=17),
        "options": {"queue": QUEUE_DEFAULT},
    },
    "documents-index-sweep": {
        "task": "dms.documents_index_sweep",
        "schedule": crontab(minute="*/10"),
        "options": {"queue": QUEUE_DEFAULT},
    },
    "deadlines-sweep": {
        "task": "dms.deadlines_sweep",
        "schedule": crontab(minute=5, hour="7-18"),
        "options": {"queue": QUEUE_DEFAULT},
    },
    "payments-reconcile": {
        "task": "payments.reconcile",
        "schedule": 300.0,
        "options": {"queue": QUEUE_DEFAULT},
    },
    "drafts-expire": {
        "task": "drafts.expire",
        "schedule": crontab(minute=29),
        "options": {"queue": QUEUE_DEFAULT},
    },
    "sign-ins-sweep": {
        "task": "citizens.sign_ins_sweep",
        "schedule": crontab(minute=41),
        "options": {"queue": QUEUE_DEFAULT},
    },
    "personal-data-retention": {
        "task": "dms.personal_data_retention",
        "schedule": crontab(minute=23, hour=2),
        "options": {"queue": QUEUE_DEFAULT},
    },
    "staff-sessions-sweep": {
        "task": "accounts.staff_sessions_sweep",
        "schedule": crontab(minute=47),
        "options": {"queue": QUEUE_DEFAULT},
    },
    "quality-facts-refresh": {
        "task": "billing_reporting.facts_refresh",
        "schedule": crontab(minute=30, hour=2),
        "options": {"queue": QUEUE_DEFAULT},
    },
    "statements-issue": {
        "task": "billing_reporting.statements_issue",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
        "options": {"queue": QUEUE_DEFAULT},
    },
    "prefect-deadlines-sweep": {
        "task": "website.prefect_deadlines_sweep",
        "schedule": crontab(minute=35, hour="7-18"),
        "options": {"queue": QUEUE_DEFAULT},
    },
    "invitations-sweep": {
        "task": "accounts.invitations_sweep",
        "schedule": crontab(minute="*/5"),
        "options": {"queue": QUEUE_DEFAULT},
    },
}


@task_prerun.connect
def _tag_task_with_tenant(task: object = None, **kwargs: object) -> None:
    from django.db import connection

    from ghiseu.ops.context import bind_tenant

    bind_tenant(getattr(connection, "schema_name", "public"))


@task_postrun.connect
def _untag_task(task: object = None, **kwargs: object) -> None:
    from ghiseu.ops.context import current_tenant

    current_tenant.set("-")
