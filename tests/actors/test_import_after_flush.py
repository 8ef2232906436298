"""Two RNA imports on the same database connection, the database emptied in between (as a
transactional or browser test's flush does, or a deleted and recreated theme in a long-lived
worker): the second import links its organisations to today's themes, not to those of the
first import's database (its commit failed on a foreign key on SQLite, 7 December 2026)."""

import pytest
from django.core.management import call_command

from alliances.actors.imports import rna_import
from alliances.actors.models import Organisation, Theme
from tests.actors.test_import_interrupted import assert_consistent, rna_file
from tests.conftest import seed_reference_data


@pytest.mark.django_db(transaction=True)
def test_an_import_after_the_database_was_emptied_links_to_the_new_themes(tmp_path):
    seed_reference_data(("48",))
    source = rna_file(tmp_path / "rna.csv", 12)
    rna_import(source=source, rejects_path=tmp_path / "r1.csv")
    assert_consistent(12)
    first_theme_ids = set(Theme.objects.values_list("id", flat=True))

    # As between two transactional tests: the tables emptied, their id sequences kept.
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
    seed_reference_data(("48",))
    summary = rna_import(source=source, rejects_path=tmp_path / "r2.csv")

    assert (summary.read, summary.created, summary.rejected) == (12, 12, 0)
    assert_consistent(12)
    # The themes were created again under new ids; the links point to them only.
    assert not first_theme_ids & set(Theme.objects.values_list("id", flat=True))
    sports = Organisation.objects.get(rna_id="W480000000")
    assert {theme.code for theme in sports.themes.all()} >= {"011000"}
