"""PostgreSQL: one more GIN index of the search documents per département.

A search within a territory (search by need, alliances.core.search.need_index) asks the GIN index
for the documents holding a word, then keeps the territory's: the index reads the word's list for
the whole country (« jeunes »: 813,000 documents at national scale, 80 to 150 ms in the Métropole
du Grand Paris). Each département's own index holds only its documents' lists (« jeunes » in
Paris: 19,000, 3 to 5 ms). The département is a generated column (`search_partition`, from the
document's tag `departement:…`), so that choosing the index of a row costs a comparison per
département, not an analysis of its tags. SQLite needs none of this: FTS5 reads its lists lazily
and skips to the territory's documents.

The codes are those of the official referential (COG: départements, and the overseas
collectivités it lists as such), lowercased as tags are; a document of a département missing
here is still found, through the national index.
"""

from django.db import migrations

CODES = (
    [f"{n:02d}" for n in range(1, 96) if n != 20]
    + ["2a", "2b"]
    + [str(n) for n in (971, 972, 973, 974, 975, 976, 977, 978, 984, 986, 987, 988, 989)]
)
FORWARD = [
    "ALTER TABLE core_searchdocument ADD COLUMN search_partition text "
    "GENERATED ALWAYS AS (substring(terms_tags from 'tagdepartement([0-9a-z]+)')) STORED",
    *(
        f"CREATE INDEX core_searchdocument_vector_{code} ON core_searchdocument USING GIN (search_vector) "
        f"WHERE search_partition = '{code}'"
        for code in CODES
    ),
]
BACKWARD = [
    *(f"DROP INDEX IF EXISTS core_searchdocument_vector_{code}" for code in CODES),
    "ALTER TABLE core_searchdocument DROP COLUMN IF EXISTS search_partition",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0008_periodic_runs_and_email_attempts")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
