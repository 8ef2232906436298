"""The directory's counts per territory, stored by the nightly refresh (issue 11): the same figures
as the live count, used by big territories' pages while fresh, replaced by the live count after
an import or when too old."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alliances.actors import counts as stored
from alliances.actors.enums import OrganisationKind, OrganisationStatus
from alliances.actors.hooks import SECTION_LIST_SIZE, territory_sections
from alliances.actors.imports import rna_import
from alliances.actors.models import Organisation, TerritoryDirectoryCounts
from alliances.actors.selectors import directory_counts
from alliances.territories.models import Territory
from tests.actors.factories import OrganisationFactory, ThemeFactory, commune

pytestmark = pytest.mark.django_db


def _territory(kind, code):
    return Territory.objects.get(kind=kind, code=code)


def _section(territory):
    # The directory's section (the other one is the « Décrivez votre besoin » form).
    [section] = [s for s in territory_sections(RequestFactory().get("/"), territory) if "counts" in s.context]
    return section.context


def _as_tuple(counts):
    return counts.total, counts.active, counts.by_kind, counts.by_theme


@pytest.fixture
def directory():
    """Organisations of several kinds, statuses and themes in two communes of Lozère and in Lyon."""
    sport = ThemeFactory(code="011000", label="Sports, activités de plein air")
    sante = ThemeFactory(code="017000", label="Santé")
    detail = ThemeFactory(code="017015", label="Prévention", family=sante)
    mende, florac, lyon = commune("48095"), commune("48061"), commune("69123")
    OrganisationFactory.create_batch(3, themes=[sante, detail])
    OrganisationFactory(themes=[sport, sante], status=OrganisationStatus.DISSOLVED)
    OrganisationFactory(kind=OrganisationKind.ENTREPRISE, siren="732829320", rna_id="", themes=[sport])
    OrganisationFactory(commune=florac, themes=[sport])
    OrganisationFactory(commune=florac, kind=OrganisationKind.ENTREPRISE, siren="552100554", rna_id="")
    OrganisationFactory.create_batch(2, commune=lyon, themes=[sante])
    OrganisationFactory(commune=None)
    return mende, florac, lyon


TERRITORIES = [
    ("commune", "48095"),
    ("commune", "48061"),
    ("commune", "69123"),
    ("epci", "244800405"),
    ("departement", "48"),
    ("departement", "69"),
]


def test_stored_counts_equal_the_live_ones_for_every_level(directory):
    """Counted per commune and added up into EPCI and département: the live figures, on SQLite and
    PostgreSQL alike (the live theme count takes a different query on each)."""
    assert stored.directory_counts_refresh(above=0) == TerritoryDirectoryCounts.objects.count()
    for kind, code in TERRITORIES:
        territory = _territory(kind, code)
        counts = stored.stored_directory_counts(territory)
        assert counts is not None and counts.as_of is not None, (kind, code)
        assert _as_tuple(counts) == _as_tuple(directory_counts(territory)), (kind, code)
    lozere = stored.stored_directory_counts(_territory("departement", "48"))
    assert lozere.total == 7 and lozere.active == 6
    assert lozere.by_kind == [("association", "Association", 5), ("entreprise", "Entreprise", 2)]
    assert lozere.by_theme == [("017000", "Santé", 4), ("011000", "Sports, activités de plein air", 3)]


def test_only_big_territories_are_stored_and_a_refresh_replaces_the_previous_figures(directory, monkeypatch):
    lyon = directory[2]
    assert stored.directory_counts_refresh(above=2) == 3  # Mende (5), its EPCI and Lozère (7); not Florac, Lyon
    assert set(TerritoryDirectoryCounts.objects.values_list("territory__code", flat=True)) == {
        "48095",
        "244800405",
        "48",
    }
    OrganisationFactory.create_batch(2, commune=lyon)
    monkeypatch.setattr("alliances.actors.selectors.COUNTS_CACHE_ABOVE", 3)  # what the nightly hook reads
    assert stored.directory_counts_refresh() == 6  # and now Lyon, its métropole and the Rhône (4 each)
    assert stored.stored_directory_counts(_territory("departement", "69")).total == 4


def test_big_territory_page_reads_the_stored_counts_and_says_how_old_they_are(directory, client):
    mende = directory[0]
    stored.directory_counts_refresh(above=0)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(mende.get_absolute_url())
    html = response.content.decode()
    assert "Nombres arrêtés le " in html and "recomptés chaque nuit" in html
    organisations = Organisation._meta.db_table
    # No count over the directory: the 0.4–0.7 s of Paris's first view at national scale.
    counting = [
        q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and organisations in q["sql"]
    ]
    assert counting == []


def test_small_territory_page_counts_live_and_says_nothing_of_age(directory, client):
    html = client.get(directory[0].get_absolute_url()).content.decode()
    assert "5 organisations" in html and "Nombres arrêtés" not in html


def test_big_commune_lists_the_same_organisations_as_the_live_section(directory):
    mende = directory[0]
    OrganisationFactory.create_batch(SECTION_LIST_SIZE + 3)
    live = [o.pk for o in _section(mende)["organisations"]]
    stored.directory_counts_refresh(above=0)
    section = _section(mende)
    assert section["counts"].as_of is not None
    assert [o.pk for o in section["organisations"]] == live and len(live) == SECTION_LIST_SIZE
    # Closed since the refresh: no longer listed as "en activité".
    Organisation.objects.filter(pk=live[0]).update(status=OrganisationStatus.DISSOLVED)
    assert [o.pk for o in _section(mende)["organisations"]] == live[1:]


def test_old_figures_are_not_shown(directory):
    mende = directory[0]
    stored.directory_counts_refresh(above=0)
    TerritoryDirectoryCounts.objects.update(
        computed_at=timezone.now() - stored.STORED_COUNTS_MAX_AGE - timedelta(minutes=1)
    )
    assert stored.stored_directory_counts(mende) is None
    assert _section(mende)["counts"].as_of is None


def test_after_an_import_the_live_count_takes_over_until_the_next_refresh(shared_data, tmp_path):
    lozere = _territory("departement", "48")
    OrganisationFactory.create_batch(3)
    stored.directory_counts_refresh(above=0)
    assert _section(lozere)["counts"].total == 3
    rna_import(source=str(shared_data / "rna_import_20241001_dpt_48.csv"), rejects_path=tmp_path / "rejets.csv")
    live = directory_counts(lozere)
    assert live.total > 3000
    assert stored.stored_directory_counts(lozere) is None  # imported after the refresh
    assert _as_tuple(_section(lozere)["counts"]) == _as_tuple(live)
    stored.directory_counts_refresh(above=0)
    for kind, code in TERRITORIES[:2] + TERRITORIES[3:5]:  # Lozère's
        territory = _territory(kind, code)
        counts = stored.stored_directory_counts(territory)
        assert counts is not None and _as_tuple(counts) == _as_tuple(directory_counts(territory)), (kind, code)


def test_a_dry_run_import_does_not_make_the_figures_old(shared_data, tmp_path, directory):
    stored.directory_counts_refresh(above=0)
    rna_import(
        source=str(shared_data / "rna_import_20241001_dpt_48.csv"), rejects_path=tmp_path / "r.csv", dry_run=True
    )
    assert stored.stored_directory_counts(directory[0]) is not None


def test_the_nightly_observatory_refresh_stores_the_directory_counts(directory, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("alliances.actors.selectors.COUNTS_CACHE_ABOVE", 2)
    call_command("refresh_observatory", "--no-exports", verbosity=0)
    assert TerritoryDirectoryCounts.objects.filter(territory=directory[0]).exists()
    TerritoryDirectoryCounts.objects.all().delete()
    from alliances.observatory.tasks import refresh_observatory

    refresh_observatory.call()
    assert TerritoryDirectoryCounts.objects.count() == 3


def test_a_count_from_the_ten_minute_cache_says_so(directory, client, monkeypatch):
    monkeypatch.setattr("alliances.actors.selectors.COUNTS_CACHE_ABOVE", 2)
    url = directory[0].get_absolute_url()
    assert "Nombres arrêtés" not in client.get(url).content.decode()
    assert "Nombres arrêtés il y a moins de 10 minutes" in client.get(url).content.decode()
