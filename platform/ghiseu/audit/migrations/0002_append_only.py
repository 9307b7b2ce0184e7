"""Audit events are append-only: the database itself refuses UPDATE and DELETE."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION public.ghiseu_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""

TRIGGER = """
CREATE TRIGGER audit_auditevent_append_only
BEFORE UPDATE OR DELETE ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION public.ghiseu_audit_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunSQL(FUNCTION + TRIGGER,
                          reverse_sql="DROP TRIGGER audit_auditevent_append_only ON audit_auditevent;"),
    ]
