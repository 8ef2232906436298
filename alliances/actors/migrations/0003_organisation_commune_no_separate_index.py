"""Drop the index of `Organisation.commune` alone: the index (commune, kind) already serves every
lookup by commune. Dropped by name (the same on SQLite and PostgreSQL) instead of letting SQLite
rebuild the whole table, which an AlterField would do."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("actors", "0002_drop_organisation_search_text"),
        ("territories", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="organisation",
                    name="commune",
                    field=models.ForeignKey(
                        blank=True, db_index=False, limit_choices_to={"kind": "commune"}, null=True,
                        on_delete=django.db.models.deletion.SET_NULL, related_name="organisations",
                        to="territories.territory", verbose_name="commune",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "DROP INDEX IF EXISTS actors_organisation_commune_id_592f43f8",
                    reverse_sql="CREATE INDEX actors_organisation_commune_id_592f43f8 "
                                "ON actors_organisation (commune_id)",
                ),
            ],
        ),
    ]
