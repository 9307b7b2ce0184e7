"""An offer names the department that receives its requests by a foreign key, no longer by its
name (which a rename signal had to keep in step): each schema's offers are pointed at the
department of that name (compared without regard to case, as registration matched it); a name
no department has any more leaves the offer to the registratura, as it did before."""

import django.db.models.deletion
from django.db import migrations, models


def names_to_departments(apps, schema_editor):
    Offering = apps.get_model("offers", "Offering")
    Department = apps.get_model("dms", "Department")
    by_name = {department.name.casefold(): department.pk for department in Department.objects.all()}
    for offering in Offering.objects.exclude(department=""):
        department_id = by_name.get(offering.department.strip().casefold())
        if department_id is not None:
            Offering.objects.filter(pk=offering.pk).update(department_ref_id=department_id)


def departments_to_names(apps, schema_editor):
    Offering = apps.get_model("offers", "Offering")
    for offering in Offering.objects.exclude(department_ref=None).select_related("department_ref"):
        Offering.objects.filter(pk=offering.pk).update(department=offering.department_ref.name)


class Migration(migrations.Migration):
    dependencies = [
        ("dms", "0007_search_vector_inbox_order"),
        ("offers", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="offering",
            name="department_ref",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="dms.department",
            ),
        ),
        migrations.RunPython(names_to_departments, departments_to_names),
        migrations.RemoveField(model_name="offering", name="department"),
        migrations.RenameField(
            model_name="offering", old_name="department_ref", new_name="department"
        ),
        migrations.AlterField(
            model_name="offering",
            name="department",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="offerings",
                to="dms.department",
            ),
        ),
    ]
