"""SIRENE fingerprints, rows and search documents pinned to the values computed before the
reading process was made faster (main at f199fd6): a re-import of an unchanged file after an
upgrade must find every line unchanged, so the way lines are parsed may change, never what
comes out of them."""

import csv
import datetime
import io

import pytest

from alliances.actors.imports import sirene_import
from alliances.actors.indexing import SEARCH_KIND
from alliances.actors.models import Establishment, Organisation
from alliances.core.models import SearchDocument
from bench.scale.files import ETABLISSEMENT_HEADER, UNITE_LEGALE_HEADER
from tests.actors.test_import_rna import write

pytestmark = pytest.mark.django_db


def csv_lines(columns: list[str], rows: list[dict]) -> list[str]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue().splitlines()


def etab(siret: str, **values) -> dict:
    return {
        "siren": siret[:9],
        "nic": siret[9:],
        "siret": siret,
        "etablissementSiege": "false",
        "codeCommuneEtablissement": "48095",
        "codePostalEtablissement": "48000",
        "etatAdministratifEtablissement": "A",
        "activitePrincipaleEtablissement": "16.23Z",
        **values,
    }


ESTABLISHMENTS = [
    etab(
        "38012986600014",
        etablissementSiege="true",
        dateCreationEtablissement="2015-03-01",
        trancheEffectifsEtablissement="11",
        caractereEmployeurEtablissement="O",
        complementAdresseEtablissement="ZA  DU  CAUSSE ",
        numeroVoieEtablissement="3",
        indiceRepetitionEtablissement="B",
        typeVoieEtablissement="RUE",
        libelleVoieEtablissement="DU PONT",
        distributionSpecialeEtablissement="BP 12",
        enseigne1Etablissement="  LA   MENUISERIE ",
    ),
    # Closed, unknown: left out.
    etab("38012986600022", etatAdministratifEtablissement="F", trancheEffectifsEtablissement="NN"),
    # A sole trader's shop, no date, employer by its band.
    etab(
        "44306184100013",
        codeCommuneEtablissement="69123",
        codePostalEtablissement="69001",
        denominationUsuelleEtablissement="Chez\tMarie",
        trancheEffectifsEtablissement="01",
        activitePrincipaleEtablissement="56.10A",
        numeroVoieEtablissement="12",
        typeVoieEtablissement="AV",
        libelleVoieEtablissement="JEAN JAURES",
        dateCreationEtablissement="2020-13-45",
    ),
    etab(
        "44306184100021",
        etablissementSiege="true",
        codeCommuneEtablissement="69123",
        trancheEffectifsEtablissement="00",
        caractereEmployeurEtablissement="N",
        activitePrincipaleEtablissement="56.10A",
        dateCreationEtablissement="2019-06-30",
    ),
    etab("55210055400012"),  # bad checksum: rejected
    # No legal unit in the other file.
    etab(
        "73282932000074",
        etablissementSiege="true",
        activitePrincipaleEtablissement="94.99Z",
        libelleVoieEtablissement="  ",
        numeroVoieEtablissement="1",
        dateCreationEtablissement="2001-01-01",
    ),
]
UNITS = [
    {
        "siren": "380129866",
        "denominationUniteLegale": "MENUISERIE  COOPERATIVE",
        "sigleUniteLegale": "MC",
        "categorieJuridiqueUniteLegale": "5458",
        "activitePrincipaleUniteLegale": "16.23Z",
        "trancheEffectifsUniteLegale": "11",
        "economieSocialeSolidaireUniteLegale": "O",
        "societeMissionUniteLegale": "O",
        "nicSiegeUniteLegale": "00014",
        "etatAdministratifUniteLegale": "A",
    },
    {
        "siren": "443061841",
        "prenom1UniteLegale": "MARIE",
        "prenomUsuelUniteLegale": "MARIE",
        "nomUniteLegale": "MARTIN",
        "nomUsageUniteLegale": "DURAND",
        "categorieJuridiqueUniteLegale": "1000",
        "trancheEffectifsUniteLegale": "",
        "identifiantAssociationUniteLegale": "",
        "etatAdministratifUniteLegale": "C",
    },
    {"siren": "552100554", "denominationUniteLegale": "AUTRE", "categorieJuridiqueUniteLegale": "5710"},
]

# Computed by main at f199fd6 (frozen dataclasses, rows as dicts).
ESTABLISHMENT_FINGERPRINTS = {
    "38012986600014": "14bcb39b056cc8948c31b409e48c095a",
    "44306184100013": "381f4ceb0430e2ce2a541da9abceb4dd",
    "44306184100021": "3d53d64cf57aff423988e5af5e3fe34f",
    "73282932000074": "8033a5bed3ec02161155d8ff84270c96",
}
ORGANISATION_FINGERPRINTS = {
    "380129866": "66ea76de6a43ed1f6000e50c7a19debc",
    "443061841": "2a36b7a73b3e9c7d4412b6d77af47808",
    "732829320": "f637e51bfb16192d8479f2bda813fb80",
}
# {siren: (title, terms of the title, of the body, of the tags)}
DOCUMENTS = {
    "380129866": (
        "MENUISERIE COOPERATIVE MC",
        "menuiser cooper mc",
        "",
        "tagcommune48095 tagdepartement48 tagepci244800405 tagregion76 tagtypeess tagodd9 tagodd12 "
        "tagthemenafc tagactif tagess tagemployeur",
    ),
    "443061841": (
        "MARIE DURAND",
        "mar durand",
        "",
        "tagcommune69123 tagdepartement69 tagepci200046977 tagregion84 tagtypeentreprise tagodd8 tagthemenafi",
    ),
    "732829320": (
        "Établissement 73282932000074",
        "etabl 73282932000074",
        "",
        "tagcommune48095 tagdepartement48 tagepci244800405 tagregion76 tagtypeentreprise tagodd17 "
        "tagthemenafs tagactif",
    ),
}


def test_fingerprints_and_documents_are_those_of_earlier_versions(tmp_path):
    too_wide = csv_lines(ETABLISSEMENT_HEADER, [etab("38012986600030")])[1] + ",X"  # rejected
    etabs = write(
        tmp_path / "StockEtablissement_utf8.csv", [*csv_lines(ETABLISSEMENT_HEADER, ESTABLISHMENTS), too_wide]
    )
    units = write(tmp_path / "StockUniteLegale_utf8.csv", csv_lines(UNITE_LEGALE_HEADER, UNITS))
    summary = sirene_import(etablissements=etabs, unites_legales=units, batch_size=2, rejects_path=tmp_path / "r.csv")
    assert (summary.read, summary.created, summary.rejected) == (7, 4, 2)
    assert (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()[1:] == [
        "StockEtablissement_utf8.csv;6;55210055400012;SIRET « 55210055400012 » invalide;ligne ignorée",
        "StockEtablissement_utf8.csv;8;38012986600030;nombre de champs incorrect (54);ligne ignorée",
    ]
    assert list(Establishment.objects.order_by("siret").values_list("name", "address", "created_on")) == [
        ("LA MENUISERIE", "ZA DU CAUSSE 3 B RUE DU PONT BP 12", datetime.date(2015, 3, 1)),
        ("Chez Marie", "12 AV JEAN JAURES", None),
        ("", "", datetime.date(2019, 6, 30)),
        ("", "1 ", datetime.date(2001, 1, 1)),
    ]
    assert dict(Establishment.objects.values_list("siret", "sirene_fingerprint")) == ESTABLISHMENT_FINGERPRINTS
    assert dict(Organisation.objects.values_list("siren", "sirene_fingerprint")) == ORGANISATION_FINGERPRINTS
    documents = {
        siren: document
        for siren, *document in SearchDocument.objects.filter(kind=SEARCH_KIND).values_list(
            "object_id", "title", "terms_title", "terms_body", "terms_tags"
        )
    }
    sirens = dict(Organisation.objects.values_list("pk", "siren"))
    assert {sirens[pk]: tuple(document) for pk, document in documents.items()} == DOCUMENTS

    again = sirene_import(etablissements=etabs, unites_legales=units, batch_size=3, rejects_path=tmp_path / "r2.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_the_writing_process_computes_an_organisation_as_the_reading_one():
    """An organisation is computed again by the process that writes (when a closed establishment
    of the batch is already known) from the establishments as they were sent: the same plan,
    fingerprint included, as the reading process computes."""
    from django.db import connection

    from alliances.actors.communes import CommuneResolver
    from alliances.actors.importers import sirene
    from alliances.actors.imports.sirene import SireneImporter, _establishment_received
    from alliances.core.search import document_preparer

    importer = SireneImporter(etablissements="", index_search=False)
    importer.resolver = CommuneResolver.from_database()
    importer._adapt_date = connection.ops.adapt_datefield_value
    importer.now_db, importer._prepare = "2026-11-28 04:00:00", document_preparer()
    establishments = [
        sirene.parse_establishment({column.lower(): value for column, value in row.items()})
        for row in ESTABLISHMENTS[2:4]
    ]
    batch = importer._prepared_batch(2, [], establishments)
    received = [_establishment_received(values, row) for values, row in batch.establishments]
    assert received == establishments
    assert importer._organisation_plan("443061841", None, received) == batch.plans["443061841"][:4]
