"""The directory's list indexes built after a big import rather than during it
(alliances.actors.imports.DIRECTORY_INDEXES, alliances.core.deferred_indexes)."""

import pytest
from django.db import connection

from alliances.actors.imports import DIRECTORY_INDEXES, rna_import
from alliances.actors.imports.common import defers_indexes
from alliances.actors.models import Organisation
from alliances.core.deferred_indexes import pending_indexes
from alliances.core.models import DeferredIndex
from tests.actors.test_import_interrupted import Interrupted, assert_consistent, rna_file
from tests.actors.test_import_rna import LOZERE, snapshot
from tests.conftest import seed_reference_data

pytestmark = pytest.mark.django_db


def directory_indexes() -> dict[str, str]:
    """{name: SQL} of the directory's list indexes present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
        else:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes")
        return {name: sql for name, sql in cursor.fetchall() if name in DIRECTORY_INDEXES}


@pytest.mark.shared_data
def test_deferred_indexes_give_the_same_directory(shared_data, tmp_path):
    before = directory_indexes()
    assert sorted(before) == sorted(DIRECTORY_INDEXES)
    missing_during = []
    summary = rna_import(
        source=str(shared_data / LOZERE),
        rejects_path=tmp_path / "r1.csv",
        defer_indexes=True,
        after_batch=lambda _: missing_during.append(set(DIRECTORY_INDEXES) - set(directory_indexes())),
    )
    assert missing_during and all(missing == set(DIRECTORY_INDEXES) for missing in missing_during)
    assert directory_indexes() == before and pending_indexes() == []
    assert sorted(summary.rebuilt_indexes) == sorted(DIRECTORY_INDEXES)
    assert "index de l’annuaire construits après l’import (fichier volumineux) : 4" in summary.as_text()
    deferred = snapshot()

    Organisation.objects.all().delete()
    summary = rna_import(source=str(shared_data / LOZERE), rejects_path=tmp_path / "r2.csv", defer_indexes=False)
    assert summary.rebuilt_indexes == [] and "index de l’annuaire" not in summary.as_text()
    assert snapshot() == deferred


def test_indexes_are_built_again_when_the_import_stops_and_the_rerun_completes(tmp_path):
    seed_reference_data(("48",))
    source = rna_file(tmp_path / "rna.csv", 250)
    before = directory_indexes()

    def stop_after_second_batch(batches: int) -> None:
        if batches == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        rna_import(
            source=source,
            batch_size=100,
            rejects_path=tmp_path / "r1.csv",
            defer_indexes=True,
            after_batch=stop_after_second_batch,
        )
    assert directory_indexes() == before and not DeferredIndex.objects.exists()
    assert_consistent(200)
    rna_import(source=source, batch_size=100, rejects_path=tmp_path / "r2.csv", defer_indexes=True)
    assert_consistent(250)
    assert directory_indexes() == before


def test_the_next_import_builds_the_indexes_a_killed_one_left_dropped(tmp_path):
    seed_reference_data(("48",))
    before = directory_indexes()
    # What an import killed while its indexes were dropped leaves behind.
    with connection.cursor() as cursor:
        for name, sql in before.items():
            DeferredIndex.objects.create(name=name, table=Organisation._meta.db_table, definition=sql)
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    present_during = []
    rna_import(
        source=rna_file(tmp_path / "rna.csv", 30),
        rejects_path=tmp_path / "r.csv",
        defer_indexes=False,
        after_batch=lambda _: present_during.append(directory_indexes()),
    )
    assert present_during == [before]
    assert pending_indexes() == []


@pytest.mark.parametrize(
    ("lines", "organisations", "choice", "dry_run", "defers"),
    [
        (1_900_000, 0, None, False, True),  # a national file into an empty directory
        (1_900_000, 1_000_000, None, False, True),  # a national file resumed at half
        (1_900_000, 1_900_000, None, False, False),  # the monthly update of a full directory
        (99_999, 0, None, False, False),  # small files: indexes maintained
        (3_186, 0, True, False, True),  # asked for
        (1_900_000, 0, False, False, False),  # refused
        (1_900_000, 0, True, True, False),  # a dry run builds nothing
    ],
)
def test_when_an_import_defers_the_indexes(monkeypatch, lines, organisations, choice, dry_run, defers):
    monkeypatch.setattr(Organisation.objects, "count", lambda: organisations)
    assert defers_indexes(lines * 600, 600, choice=choice, dry_run=dry_run) is defers
