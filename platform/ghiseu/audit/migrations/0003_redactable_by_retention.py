"""Append-only rows may have their personal data overwritten by the retention job, and only
by it: inside a transaction that set ``ghiseu.retention`` to ``on`` (SET LOCAL), only the
columns the trigger names may change; every other UPDATE, and every DELETE, is refused."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION public.ghiseu_append_only_redactable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND current_setting('ghiseu.retention', true) = 'on'
       AND to_jsonb(NEW) - TG_ARGV = to_jsonb(OLD) - TG_ARGV THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% rows are append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""

TRIGGER = """
DROP TRIGGER audit_auditevent_append_only ON audit_auditevent;
CREATE TRIGGER audit_auditevent_append_only
BEFORE UPDATE OR DELETE ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION public.ghiseu_append_only_redactable(
    'actor_label', 'object_id', 'data'
);
"""

REVERSE = """
DROP TRIGGER audit_auditevent_append_only ON audit_auditevent;
CREATE TRIGGER audit_auditevent_append_only
BEFORE UPDATE OR DELETE ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION public.ghiseu_audit_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [migrations.RunSQL(FUNCTION + TRIGGER, reverse_sql=REVERSE)]
