"""`alliance_id` was a plain integer while the partnerships app was being built; it becomes a
foreign key to `partnerships.Alliance`. Values pointing at an existing alliance are kept."""

import django.db.models.deletion
from django.db import migrations, models


def copy_alliance(apps, schema_editor):
    Assessment = apps.get_model("assessment", "Assessment")
    Alliance = apps.get_model("partnerships", "Alliance")
    existing = set(Alliance.objects.values_list("pk", flat=True))
    for assessment in Assessment.objects.filter(legacy_alliance_id__isnull=False):
        if assessment.legacy_alliance_id in existing:
            assessment.alliance_id = assessment.legacy_alliance_id
            assessment.save(update_fields=["alliance"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
        ("partnerships", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("assessment", "alliance_id", "legacy_alliance_id"),
        migrations.AddField(
            model_name="assessment",
            name="alliance",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                related_name="assessments", to="partnerships.alliance", verbose_name="alliance",
            ),
        ),
        migrations.RunPython(copy_alliance, migrations.RunPython.noop),
        migrations.RemoveField("assessment", "legacy_alliance_id"),
    ]
