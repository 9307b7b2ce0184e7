"""The retention job may overwrite a case event's note and actor label (the citizen's words,
a name), under the scoped exception of ``public.ghiseu_append_only_redactable``; the kind,
time, statuses and case of an event never change."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dms", "0009_case_identity_and_fee"), ("audit", "0003_redactable_by_retention")]

    operations = [
        migrations.RunSQL(
            "DROP TRIGGER dms_caseevent_append_only ON dms_caseevent;"
            "CREATE TRIGGER dms_caseevent_append_only BEFORE UPDATE OR DELETE ON dms_caseevent "
            "FOR EACH ROW EXECUTE FUNCTION public.ghiseu_append_only_redactable("
            "'note', 'actor_label');",
            reverse_sql=(
                "DROP TRIGGER dms_caseevent_append_only ON dms_caseevent;"
                "CREATE TRIGGER dms_caseevent_append_only BEFORE UPDATE OR DELETE ON "
                "dms_caseevent FOR EACH ROW EXECUTE FUNCTION public.ghiseu_audit_append_only();"
            ),
        ),
    ]
