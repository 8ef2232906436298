"""The RNA import's second process (alliances.actors.parallel) and the search documents it
prepares: the same rows as the documents written from the database afterwards."""

import os
import time

import pytest

from alliances.actors.imports import rna_import
from alliances.actors.indexing import SEARCH_KIND, organisations_reindex_ids
from alliances.actors.models import Organisation
from alliances.actors.parallel import ProducedInChild
from alliances.core.models import SearchDocument
from alliances.core.search import (
    IndexEntry,
    document_preparer,
    index_documents_bulk,
    write_documents,
)
from tests.actors.test_import_rna import WALDEC_HEADER, waldec_line, write


def _squares(n):
    def produce():
        for i in range(n):
            yield i * i

    return produce


def test_items_arrive_in_order_and_the_child_reports_its_figures():
    with ProducedInChild(_squares(500), max_pending=2) as items:
        assert list(items) == [i * i for i in range(500)]
    assert items.stats["cpu_s"] >= 0 and items.stats["peak_mb"] > 0


def _failing():
    yield 1
    raise ValueError("ligne 2 : illisible")


def test_an_error_in_the_child_is_raised_in_the_parent():
    received = []
    with pytest.raises(ValueError, match="ligne 2 : illisible"), ProducedInChild(_failing) as items:
        received.extend(items)
    assert received == [1]


def _endless():
    yield os.getpid()
    while True:
        yield 0


def test_leaving_early_stops_the_child():
    with ProducedInChild(_endless, max_pending=1) as items:
        child = next(iter(items))
    time.sleep(0.1)
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


@pytest.mark.django_db
def test_prepared_documents_are_those_index_documents_bulk_writes():
    entries = [
        IndexEntry(
            1,
            "Les Jardins partagés de l'Écluse",
            "Jardins, compostage et « troc » de graines",
            ["commune:48095", "odd:13"],
        ),
        IndexEntry(2, "Club", "", []),
        IndexEntry(3, "x" * 600, "  espaces   multiples ", ["actif"]),
    ]
    fields = ("object_id", "title", "terms_title", "terms_body", "terms_tags")
    index_documents_bulk("essai", entries)
    expected = list(SearchDocument.objects.filter(kind="essai").order_by("object_id").values_list(*fields))
    SearchDocument.objects.filter(kind="essai").delete()
    prepare = document_preparer()
    write_documents("essai", [(e.object_id, prepare(e)) for e in entries])
    assert list(SearchDocument.objects.filter(kind="essai").order_by("object_id").values_list(*fields)) == expected


@pytest.mark.django_db
def test_imported_documents_equal_a_reindex_from_the_database(tmp_path):
    source = write(
        tmp_path / "w.csv",
        [
            WALDEC_HEADER,
            waldec_line(),
            waldec_line(
                id="W481000002",
                titre="CLUB DE PETANQUE",
                titre_court="CDP",
                objet_social1="011000",
                objet_social2="017000",
                position="D",
                date_disso="2020-01-01",
            ),
            waldec_line(
                id="W481000003",
                titre="SANS COMMUNE",
                adrs_codeinsee="",
                adrs_libcommune="NULLE PART",
                adrs_codepostal="99999",
            ),
        ],
    )
    summary = rna_import(source=source, batch_size=2, rejects_path=tmp_path / "r.csv")
    assert summary.created == 3
    fields = ("object_id", "title", "terms_title", "terms_body", "terms_tags")
    imported = list(SearchDocument.objects.filter(kind=SEARCH_KIND).order_by("object_id").values_list(*fields))
    organisations_reindex_ids(list(Organisation.objects.values_list("pk", flat=True)))
    assert list(SearchDocument.objects.filter(kind=SEARCH_KIND).order_by("object_id").values_list(*fields)) == imported
    assert "tagcommune48095" in imported[0][4] and "tagactif" in imported[0][4]
    assert "tagactif" not in imported[1][4]


def test_leaving_early_stops_the_child_even_when_the_parent_catches_sigterm():
    """`run_worker` (or a test that ran it) handles SIGTERM in Python; the forked child must not
    inherit that handler, or `terminate()` would leave it running and the import waiting forever."""
    import signal

    previous = signal.signal(signal.SIGTERM, lambda *args: None)
    try:
        with ProducedInChild(_endless, max_pending=1) as items:
            child = next(iter(items))
    finally:
        signal.signal(signal.SIGTERM, previous)
    time.sleep(0.1)
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)
