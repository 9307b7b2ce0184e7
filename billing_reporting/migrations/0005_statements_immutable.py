"""An issued statement and its lines never change: UPDATE and DELETE are refused by the
database itself (a correction is a new statement)."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION public.ghiseu_statement_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'issued statements never change (% refused); issue a correction', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""
TRIGGERS = """
CREATE TRIGGER billing_reporting_statement_immutable
BEFORE UPDATE OR DELETE ON public.billing_reporting_statement
FOR EACH ROW EXECUTE FUNCTION public.ghiseu_statement_immutable();
CREATE TRIGGER billing_reporting_statementline_immutable
BEFORE UPDATE OR DELETE ON public.billing_reporting_statementline
FOR EACH ROW EXECUTE FUNCTION public.ghiseu_statement_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("billing_reporting", "0004_statements")]

    operations = [
        migrations.RunSQL(
            FUNCTION + TRIGGERS,
            reverse_sql=(
                "DROP TRIGGER billing_reporting_statement_immutable"
                " ON public.billing_reporting_statement;"
                " DROP TRIGGER billing_reporting_statementline_immutable"
                " ON public.billing_reporting_statementline;"
            ),
        ),
    ]
