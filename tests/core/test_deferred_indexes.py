"""Indexes dropped for a bulk load and built again after it (alliances.core.deferred_indexes),
on the audit trail's index of `action` (any index works the same way)."""

import pytest
from django.core.management import call_command
from django.db import connection

from alliances.core.deferred_indexes import deferred_indexes, pending_indexes, restore_indexes
from alliances.core.models import AuditEntry, DeferredIndex

pytestmark = pytest.mark.django_db
TABLE = AuditEntry._meta.db_table


def definitions() -> dict[str, str]:
    """{index name: SQL} of the audit table, from the database's catalogue."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [TABLE],
            )
        else:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [TABLE])
        return dict(cursor.fetchall())


def action_index() -> str:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return next(name for name, c in constraints.items() if c["columns"] == ["action"] and c["index"])


def test_index_is_dropped_during_the_block_and_built_again_identical():
    name, before = action_index(), definitions()
    with deferred_indexes(AuditEntry, [name]) as dropped:
        assert dropped == [name]
        assert name not in definitions()
        # Recorded with its SQL while it is missing: a process killed now leaves the record.
        assert DeferredIndex.objects.get().definition == before[name]
        AuditEntry.objects.create(action="import", actor_label="essai")
    assert definitions() == before
    assert pending_indexes() == []


def test_index_is_built_again_when_the_load_fails():
    name, before = action_index(), definitions()
    with pytest.raises(RuntimeError, match="import interrompu"), deferred_indexes(AuditEntry, [name]):
        raise RuntimeError("import interrompu")
    assert definitions() == before
    assert not DeferredIndex.objects.exists()


def test_nothing_is_dropped_unless_asked_nor_an_absent_index():
    before = definitions()
    with deferred_indexes(AuditEntry, [action_index()], defer=False) as dropped:
        assert dropped == [] and definitions() == before
    with deferred_indexes(AuditEntry, ["no_such_index"]) as dropped:
        assert dropped == []
    assert definitions() == before


def test_restore_builds_what_a_killed_load_left_dropped(capsys):
    name, before = action_index(), definitions()
    # What an import killed in the middle leaves: the index dropped, its record kept.
    DeferredIndex.objects.create(name=name, table=TABLE, definition=before[name])
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    assert pending_indexes() == [name]

    call_command("restore_indexes")
    assert f"Index reconstruits : {name}." in capsys.readouterr().out
    assert definitions() == before and pending_indexes() == []
    call_command("restore_indexes")
    assert "Aucun index à reconstruire." in capsys.readouterr().out


def test_restore_forgets_a_record_whose_index_exists():
    name = action_index()
    DeferredIndex.objects.create(name=name, table=TABLE, definition="CREATE INDEX would_fail ON nowhere (x)")
    assert restore_indexes() == [name]
    assert not DeferredIndex.objects.exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite drops an index's statistics with it")
def test_sqlite_statistics_of_the_rebuilt_index_are_gathered_again():
    name = action_index()
    AuditEntry.objects.bulk_create([AuditEntry(action=f"a{n % 3}", actor_label="x") for n in range(30)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        with deferred_indexes(AuditEntry, [name]):
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE idx = %s", [name])
            assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = %s", [name])
        assert cursor.fetchone()[0].startswith("30 ")
