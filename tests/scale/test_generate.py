"""The synthetic dataset generator (bench/generate): real formats, real distributions, determinism,
and a small end-to-end load through the real importers and services."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter

import pytest
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

from alliances.actors.importers import rna as rna_parser
from alliances.actors.importers import sirene as sirene_parser
from bench.scale import presets
from bench.scale.distributions import RNA_FAMILY_COUNTS, RNA_NO_SECOND_OBJECT
from bench.scale.files import ETABLISSEMENT_HEADER, WALDEC_HEADER, Commune, write_rna, write_sirene

COMMUNES = [
    (Commune("48095", "Mende", "48000", 12000), 40),
    (Commune("48061", "Florac Trois Rivières", "48400", 2000), 15),
    (Commune("2A004", "Ajaccio", "20000", 70000), 30),
]


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_rna_families_are_the_real_proportions(shared_data):
    with (shared_data / "rna_import_20241001_dpt_48.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert Counter(row["objet_social1"][:3] for row in rows) == Counter(RNA_FAMILY_COUNTS)
    empty = sum(row["objet_social2"] in ("", "000000") for row in rows)
    assert empty / len(rows) == pytest.approx(RNA_NO_SECOND_OBJECT)


def test_files_are_deterministic_and_follow_the_official_layouts(tmp_path):
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        write_rna(tmp_path / run / "rna.csv", COMMUNES, seed=7)
        write_sirene(
            tmp_path / run / "etab.csv", tmp_path / run / "ul.csv", COMMUNES, seed=7, rna_ids={"48095": ["W481000001"]}
        )
    for name in ("rna.csv", "etab.csv", "ul.csv"):
        assert _digest(tmp_path / "a" / name) == _digest(tmp_path / "b" / name)
    write_rna(tmp_path / "other.csv", COMMUNES, seed=8)
    assert _digest(tmp_path / "other.csv") != _digest(tmp_path / "a" / "rna.csv")

    with (tmp_path / "a" / "rna.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert list(rows[0]) == WALDEC_HEADER and len(rows) == 85
    assert len({r["id"] for r in rows}) == 85
    assert {r["id"][:4] for r in rows} == {"W481", "W2A1"}
    assert Counter(r["adrs_codeinsee"] for r in rows) == {"48095": 40, "48061": 15, "2A004": 30}

    with (tmp_path / "a" / "etab.csv").open(encoding="utf-8") as handle:
        etabs = list(csv.DictReader(handle))
    assert list(etabs[0]) == ETABLISSEMENT_HEADER and len(etabs) == 85
    parsed = [sirene_parser.parse_establishment({k.lower(): v for k, v in row.items()}) for row in etabs]
    assert all(stdnum_siret.is_valid(e.siret) and stdnum_siren.is_valid(e.siren) for e in parsed)
    assert Counter(e.commune_code for e in parsed) == {"48095": 40, "48061": 15, "2A004": 30}
    assert sum(e.is_head_office for e in parsed) == len({e.siren for e in parsed})


def test_rna_lines_parse_with_the_real_parser(tmp_path):
    write_rna(tmp_path / "rna.csv", COMMUNES, seed=7)
    with (tmp_path / "rna.csv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        layout = rna_parser.detect_layout(list(reader.fieldnames or []))
        records = [(rna_parser.parse_row(row, layout), row) for row in reader]
    assert layout == rna_parser.WALDEC and len(records) == 85
    assert all(record.rna_id == row["id"] and record.name for record, row in records)


def test_per_commune_split_has_a_floor_and_is_exact_nationally():
    populations = [50, 500, 5_000, 500_000]
    counts = presets.per_commune(1_000, 3, populations, national_communes=4, national_population=sum(populations))
    assert sum(counts) == 1_000
    assert counts[0] >= 3 and counts == sorted(counts)
    share = presets.per_commune(1_000, 3, populations[:2], national_communes=4, national_population=sum(populations))
    assert share == counts[:2]


@pytest.mark.django_db
def test_departement_preset_end_to_end_through_importers_and_services(tmp_path):
    from alliances.actors.models import Establishment, Organisation
    from alliances.assessment.models import Assessment
    from alliances.catalysts.models import CatalystProfile
    from alliances.partnerships.models import Alliance, Commitment, Membership
    from alliances.practices.models import Practice
    from bench.scale.generate import main

    manifest = main(
        [
            "--preset",
            "departement",
            "--departement",
            "48",
            "--out",
            str(tmp_path),
            "--phase",
            "files",
            "--phase",
            "import",
            "--phase",
            "apps",
            "--associations",
            "120",
            "--establishments",
            "80",
            "--practices",
            "6",
            "--alliances",
            "5",
            "--catalysts",
            "3",
            "--users",
            "30",
            "--assessments",
            "2",
        ]
    )
    assert manifest["sizes"] == {
        "associations": 120,
        "establishments": 80,
        "practices": 6,
        "alliances": 5,
        "catalysts": 3,
        "users": 30,
        "assessments": 2,
    }
    organisations = Organisation.objects.filter(is_demo=True)
    assert organisations.filter(rna_id__startswith="W481").count() == 120
    assert Establishment.objects.filter(organisation__is_demo=True).count() > 0
    assert not organisations.exclude(commune__departement__code="48").exists()
    assert organisations.count() == manifest["organisations_flagged_demo"]
    assert Practice.objects.published().filter(is_demo=True).count() >= 6
    alliances = Alliance.objects.filter(title__endswith="(banc)")
    assert alliances.count() == 5 and not alliances.filter(is_demo=False).exists()
    assert Membership.objects.filter(alliance__in=alliances).count() >= 10
    # Lead organisations are imported ones of the directory, in the alliance's commune (when it has some).
    led = alliances.exclude(lead_organisation=None)
    assert led.exists() and led.filter(lead_organisation__in=organisations).count() == led.count()
    assert all(a.lead_organisation.commune_id == a.territory_id for a in led)
    assert Commitment.objects.filter(alliance__in=alliances).exists()
    assert CatalystProfile.objects.filter(is_demo=True, user__email__endswith="@bench.invalid").count() == 3
    assert Assessment.objects.filter(is_demo=True, created_by__email__endswith="@bench.invalid").count() == 2
    assert manifest["members"] and all(m["email"].endswith("@bench.invalid") for m in manifest["members"])
    # A second run creates nothing more (resumable after an interruption).
    again = main(
        [
            "--preset",
            "departement",
            "--departement",
            "48",
            "--out",
            str(tmp_path),
            "--phase",
            "apps",
            "--practices",
            "6",
            "--alliances",
            "5",
            "--catalysts",
            "3",
            "--users",
            "30",
            "--assessments",
            "2",
        ]
    )
    assert Alliance.objects.filter(title__endswith="(banc)").count() == 5
    assert again["sizes"]["users"] == 30


@pytest.mark.django_db
def test_bulk_path_writes_the_same_kinds_of_rows(tmp_path):
    from alliances.assessment.models import Assessment
    from alliances.partnerships.models import (
        Alliance,
        ChecklistItem,
        Commitment,
        HistoryEntry,
        Membership,
    )
    from alliances.practices.models import Practice
    from bench.scale.generate import main

    manifest = main(
        [
            "--preset",
            "departement",
            "--departement",
            "48",
            "--out",
            str(tmp_path),
            "--phase",
            "apps",
            "--bulk",
            "--practices",
            "12",
            "--alliances",
            "7",
            "--catalysts",
            "2",
            "--users",
            "20",
            "--assessments",
            "5",
        ]
    )
    assert manifest["apps_bulk"] is True
    alliances = Alliance.objects.filter(title__endswith="(banc)", is_demo=True)
    assert alliances.count() == 7
    assert Membership.objects.filter(alliance__in=alliances, role="pilote").count() == 7
    assert (
        ChecklistItem.objects.filter(alliance__in=alliances).count()
        == 7 * ChecklistItem.objects.filter(alliance=alliances.first()).count()
        > 0
    )
    assert HistoryEntry.objects.filter(alliance__in=alliances).count() == 7
    assert Commitment.objects.filter(alliance__in=alliances).exists()
    assert alliances.first().sdgs.filter(number=17).exists()
    assert Practice.objects.published().filter(is_demo=True).count() == 12
    assert Assessment.objects.filter(is_demo=True).exclude(completed_at=None).count() == 5
    assert len(manifest["members"]) == 7
