from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="nonconformity",
            index=models.Index(fields=["-opened_at", "-id"], name="nonconformity_newest"),
        ),
    ]
