"""Indexes of the directory's lists sorted by name (issue 11).

- (name, id) with the commune (PostgreSQL: INCLUDE, outside the order) replaces (name, id): the
  page of a département or a région walks the index alone to find its ids, instead of visiting
  one row per entry to learn its commune (4,795 rows for the first page of the Haute-Vienne);
- (commune, name, id): a commune's page reads its 25 entries instead of sorting all its
  organisations (Strasbourg, 14,665: 54 ms).

Built before the old index is dropped, so that lists keep an index during the migration (about a
minute per index for 4 million organisations on PostgreSQL). Cost at import: one more B-tree
entry per organisation written.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("actors", "0005_territory_directory_counts"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["name", "id"], include=("commune",), name="organisation_name_id_commune"),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["commune", "name", "id"], name="organisation_commune_name"),
        ),
        migrations.RemoveIndex(
            model_name="organisation",
            name="organisation_name_id",
        ),
    ]
