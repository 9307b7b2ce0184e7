"""Case events are append-only, like audit events (same database function)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dms", "0001_initial"), ("audit", "0002_append_only")]

    operations = [
        migrations.RunSQL(
            "CREATE TRIGGER dms_caseevent_append_only BEFORE UPDATE OR DELETE ON dms_caseevent "
            "FOR EACH ROW EXECUTE FUNCTION public.ghiseu_audit_append_only();",
            reverse_sql="DROP TRIGGER dms_caseevent_append_only ON dms_caseevent;",
        ),
    ]
