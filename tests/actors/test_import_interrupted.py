"""An RNA import interrupted in the middle of a file (issue #12 §5): the database keeps whole
batches only, consistent with their links and search documents, and running the same
command again completes the import with the right counts."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db.models import Count

from alliances.actors.imports import rna_import
from alliances.actors.indexing import SEARCH_KIND
from alliances.actors.models import ImportRun, Organisation
from alliances.core.models import SearchDocument
from tests.actors.test_import_rna import WALDEC_HEADER, waldec_line, write
from tests.conftest import seed_reference_data

ROOT = Path(__file__).resolve().parents[2]
# Communes of Lozère (the subprocess database loads this département only).
COMMUNES = [
    ("48095", "48000", "MENDE"),
    ("48140", "48200", "ST CHELY D APCHER"),
    ("48061", "48400", "FLORAC"),
    ("48034", "48500", "LA CANOURGUE"),
]
CODES = ["011000", "006030", "024030", "017000", "030000", "015000"]


def rna_file(path: Path, count: int) -> str:
    lines = [WALDEC_HEADER]
    for n in range(count):
        code, postal, name = COMMUNES[n % len(COMMUNES)]
        lines.append(
            waldec_line(
                id=f"W48{n:07d}",
                titre=f"ASSOCIATION NUMERO {n}",
                adrs_codeinsee=code,
                adrs_codepostal=postal,
                adrs_libcommune=name,
                objet_social1=CODES[n % len(CODES)],
                objet=f"Objet déclaré de l'association numéro {n}",
            )
        )
    return write(path, lines)


class Interrupted(Exception):
    pass


def assert_consistent(expected_count: int | None = None) -> int:
    """Every organisation has its theme and SDG links and its search document."""
    organisations = Organisation.objects.count()
    if expected_count is not None:
        assert organisations == expected_count
    assert SearchDocument.objects.filter(kind=SEARCH_KIND).count() == organisations
    assert not Organisation.objects.annotate(n=Count("themes")).filter(n=0).exists()
    assert not Organisation.objects.annotate(n=Count("sdgs")).filter(n=0).exists()
    return organisations


@pytest.mark.django_db(transaction=True)
def test_failure_between_batches_keeps_whole_batches_and_rerun_completes(tmp_path):
    """Runs on SQLite and PostgreSQL: the import stops after its second batch (as a crash would)."""
    seed_reference_data(("48",))
    source = rna_file(tmp_path / "rna.csv", 250)

    def stop_after_second_batch(batches: int) -> None:
        if batches == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        rna_import(source=source, batch_size=100, rejects_path=tmp_path / "r1.csv", after_batch=stop_after_second_batch)
    assert_consistent(200)
    assert not ImportRun.objects.exists()  # the run did not finish: no summary recorded

    summary = rna_import(source=source, batch_size=100, rejects_path=tmp_path / "r2.csv")
    assert (summary.read, summary.created, summary.unchanged, summary.updated, summary.rejected) == (250, 50, 200, 0, 0)
    assert_consistent(250)
    assert Organisation.objects.filter(commune__code="48095").count() == 63


def _count(database: Path, sql: str) -> int:
    with sqlite3.connect(database, timeout=20) as con:
        return con.execute(sql).fetchone()[0]


MANAGE = [sys.executable, str(ROOT / "manage.py")]


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory) -> Path:
    """A migrated SQLite database with Lozère's communes, made once and copied by each test
    (migrating takes longer than the test itself)."""
    folder = tmp_path_factory.mktemp("interrupted")
    database = folder / "template.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "ALLIANCES_VAR_DIR": str(folder)}
    subprocess.run([*MANAGE, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*MANAGE, "load_territories", "--departement", "48", "-v0"], env=env, check=True, cwd=ROOT)
    return database


@pytest.mark.parametrize("directory_indexes", ["auto", "after"])
def test_killed_import_process_leaves_a_consistent_database_and_resumes(tmp_path, migrated_database, directory_indexes):
    """A real `alliances import_rna` process killed with SIGKILL in the middle of the file
    (its own SQLite database: the test database is not visible to another process). With
    `--directory-indexes after` the directory's indexes are missing after the kill, recorded with
    their SQL, and the next import builds them again."""
    database = tmp_path / "alliances.sqlite3"
    shutil.copyfile(migrated_database, database)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "ALLIANCES_VAR_DIR": str(tmp_path)}
    manage = MANAGE
    total, batch = 30_000, 200
    source = rna_file(tmp_path / "rna.csv", total)
    command = [
        *manage,
        "import_rna",
        source,
        "--batch-size",
        str(batch),
        "--directory-indexes",
        directory_indexes,
        "-v0",
    ]
    indexes = (
        "SELECT count(*) FROM sqlite_master WHERE name IN ('organisation_commune_name', 'organisation_name_id_commune')"
    )

    process = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 120
    while _count(database, "SELECT count(*) FROM actors_organisation") < 3 * batch:
        assert process.poll() is None, "l'import s'est terminé avant d'avoir pu être interrompu"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert process.poll() is None, "l'import s'est terminé avant d'avoir pu être interrompu"
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert _count(database, "PRAGMA integrity_check") == "ok"
    kept = _count(database, "SELECT count(*) FROM actors_organisation")
    assert 3 * batch <= kept < total and kept % batch == 0  # whole batches only
    assert _count(database, "SELECT count(*) FROM core_searchdocument WHERE kind = 'organisation'") == kept
    assert _count(database, "SELECT count(DISTINCT organisation_id) FROM actors_organisation_themes") == kept
    assert _count(database, "SELECT count(DISTINCT organisation_id) FROM actors_organisation_sdgs") == kept
    assert _count(database, "SELECT count(*) FROM actors_importrun") == 0
    deferred = directory_indexes == "after"
    assert _count(database, indexes) == (0 if deferred else 2)
    assert _count(database, "SELECT count(*) FROM core_deferredindex") == (4 if deferred else 0)

    result = subprocess.run(
        [*manage, "import_rna", source, "--batch-size", str(batch), "--directory-indexes", directory_indexes],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    assert f"lignes lues : {total}" in result.stdout
    assert f"créées : {total - kept}" in result.stdout and f"inchangées : {kept}" in result.stdout
    assert _count(database, "SELECT count(*) FROM actors_organisation") == total
    assert _count(database, "SELECT count(DISTINCT rna_id) FROM actors_organisation") == total
    assert _count(database, "SELECT count(*) FROM core_searchdocument WHERE kind = 'organisation'") == total
    assert _count(database, "SELECT count(DISTINCT organisation_id) FROM actors_organisation_themes") == total
    assert _count(database, indexes) == 2
    assert _count(database, "SELECT count(*) FROM core_deferredindex") == 0
