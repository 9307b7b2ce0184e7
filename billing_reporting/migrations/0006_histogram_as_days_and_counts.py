"""The aggregates' response-time histogram as two arrays (days, counts), for the databases
that took 0003 in its first shape (one dense array, response_histogram[d] answered in d
working days).

0003 was changed in place after it had landed, so a database migrated in between has the
old column and none of the new ones, and every indicator page failed on it. Here the old
histogram is carried into the new columns, nothing lost; on a database that took the
changed 0003 there is no old column and this does nothing.
"""

from django.db import migrations

TABLES = (
    "billing_reporting_dailystat",
    "billing_reporting_monthlystat",
    "billing_reporting_uatmonthlystat",
)

CONVERT = """
DO $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = '{table}'
          AND column_name = 'response_histogram'
    ) THEN
        ALTER TABLE {table}
            ADD COLUMN response_days integer[] NOT NULL DEFAULT '{{}}',
            ADD COLUMN response_counts integer[] NOT NULL DEFAULT '{{}}';
        UPDATE {table} SET
            response_days = ARRAY(
                SELECT i - 1 FROM generate_subscripts(response_histogram, 1) AS i
                WHERE response_histogram[i] > 0 ORDER BY i),
            response_counts = ARRAY(
                SELECT response_histogram[i] FROM generate_subscripts(response_histogram, 1) AS i
                WHERE response_histogram[i] > 0 ORDER BY i);
        ALTER TABLE {table}
            ALTER COLUMN response_days DROP DEFAULT,
            ALTER COLUMN response_counts DROP DEFAULT,
            DROP COLUMN response_histogram;
    END IF;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("billing_reporting", "0005_statements_immutable")]

    operations = [
        migrations.RunSQL(
            "".join(CONVERT.format(table=table) for table in TABLES),
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
