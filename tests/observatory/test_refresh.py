"""The refresh service, the task and the command: aggregates kept in a table."""

import pytest
from django.core.management import call_command

from alliances.observatory.counters import COUNTERS
from alliances.observatory.enums import Level
from alliances.observatory.models import RefreshRun, TerritoryCount
from alliances.observatory.services import observatory_refresh
from alliances.territories.models import Territory
from tests.observatory.conftest import populations_counter

pytestmark = pytest.mark.django_db

LOZERE_COMMUNES = ["48095", "48061", "48080"]


def test_a_missing_source_app_contributes_nothing_and_says_why():
    missing = [c for c in COUNTERS if c.metric == "autodiagnostics"]
    stand_in = populations_counter(vintage=2026, territory__code__in=LOZERE_COMMUNES)
    run = observatory_refresh(counters=(*missing, stand_in))
    assert run.sources["alliances"] == "ok"
    if "indisponible" in run.sources.get("autodiagnostics", ""):
        assert not TerritoryCount.objects.filter(metric="autodiagnostics").exists()


def test_counts_roll_up_to_every_level_with_secrecy():
    run = observatory_refresh(counters=(populations_counter(vintage=2026, territory__code__in=LOZERE_COMMUNES),))
    lozere = Territory.objects.get(kind="departement", code="48")
    cell = TerritoryCount.objects.get(level=Level.DEPARTEMENT, territory=lozere, metric="alliances", dimension="")
    assert cell.count == 3
    assert cell.suppressed and cell.published == "< 5"
    national = TerritoryCount.objects.get(level=Level.NATIONAL, metric="alliances", dimension="")
    assert national.count == 3 and national.published == "< 5"
    assert TerritoryCount.objects.filter(level=Level.COMMUNE, dimension="").count() == 3
    assert run.cells == TerritoryCount.objects.count()


def test_a_second_refresh_replaces_the_cells():
    counter = populations_counter(territory__code__in=LOZERE_COMMUNES)
    observatory_refresh(counters=(counter,))
    first = TerritoryCount.objects.count()
    observatory_refresh(counters=(counter,))
    assert TerritoryCount.objects.count() == first
    national = TerritoryCount.objects.get(level=Level.NATIONAL, metric="alliances", dimension="")
    assert national.count == 6 and national.published == 6  # two vintages of three communes


def test_command_refreshes_and_generates_files(media):
    call_command("refresh_observatory", verbosity=0)
    assert RefreshRun.objects.filter(finished_at__isnull=False).exists()
    assert (media / "observatoire" / "observatoire-chiffres.csv").is_file()


def test_command_can_enqueue_the_task(task_worker):
    from django_tasks_db.models import DBTaskResult

    call_command("refresh_observatory", "--enqueue", verbosity=0)
    assert DBTaskResult.objects.get(task_path__endswith="refresh_observatory").status == "READY"


def test_the_background_task_refreshes_and_writes_the_files(media):
    from alliances.observatory.tasks import refresh_observatory

    cells = refresh_observatory.call()
    assert cells == TerritoryCount.objects.count()
    assert (media / "observatoire" / "observatoire-pratiques.json").is_file()


def test_loading_the_demo_refreshes_the_observatory_after_commit(media, django_capture_on_commit_callbacks):
    from alliances.observatory import demo

    with django_capture_on_commit_callbacks(execute=True):
        assert demo.load_demo() == 0  # creates nothing of its own
    assert RefreshRun.objects.filter(finished_at__isnull=False).exists()


def test_rolling_up_own_territories_gives_the_per_level_counts():
    """The fast path (one count per item's own territory, added up in Python) and the per-level
    SQL path (distinct items at each level) agree on a single-territory source."""
    from alliances.observatory.counters import _per_level_cells, _rolled_up_cells

    counter = populations_counter(territory__departement__code__in=["48", "69"])
    model = counter.get_model()
    rolled = sorted(_rolled_up_cells(counter, model), key=repr)
    per_level = sorted(_per_level_cells(counter, model), key=repr)
    assert rolled == per_level
    assert any(level == Level.EPCI for level, *_ in rolled)
