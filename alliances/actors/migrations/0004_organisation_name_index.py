"""Index of the directory's default order (name, id): the first page of the national list reads
25 index entries instead of sorting 1.9 million rows."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("actors", "0003_organisation_commune_no_separate_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["name", "id"], name="organisation_name_id"),
        ),
    ]
