"""The SIRENE importer on small files with the official headers."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.actors.enums import OrganisationKind, OrganisationStatus
from alliances.actors.imports import DIRECTORY_INDEXES, ImportAbortedError, rna_import, sirene_import
from alliances.actors.models import Establishment, Organisation
from tests.actors.test_import_deferred_indexes import directory_indexes
from tests.actors.test_import_rna import WALDEC_HEADER, waldec_line, write

pytestmark = pytest.mark.django_db

ETAB_HEADER = (
    "siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,"
    "anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,dateDernierTraitementEtablissement,"
    "etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,numeroVoieEtablissement,"
    "indiceRepetitionEtablissement,typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,"
    "libelleCommuneEtablissement,codeCommuneEtablissement,dateDebut,etatAdministratifEtablissement,"
    "enseigne1Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,"
    "nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement"
)
UL_HEADER = (
    "siren,statutDiffusionUniteLegale,identifiantAssociationUniteLegale,trancheEffectifsUniteLegale,"
    "etatAdministratifUniteLegale,denominationUniteLegale,sigleUniteLegale,categorieJuridiqueUniteLegale,"
    "activitePrincipaleUniteLegale,nicSiegeUniteLegale,economieSocialeSolidaireUniteLegale,societeMissionUniteLegale"
)


def etab(siret, commune="48095", state="A", head="true", band="11", naf="16.23Z", employer="O", name=""):
    return (
        f"{siret[:9]},{siret[9:]},{siret},O,2015-01-01,{band},2022,,2024-01-01T00:00:00,{head},1,,3,,RUE,"
        f"DU PONT,48000,MENDE,{commune},2015-01-01,{state},{name},,{naf},NAFRev2,{employer}"
    )


def test_establishments_filtered_joined_and_idempotent(tmp_path):
    # 732829320 and 552100554 are valid SIREN numbers (Luhn); SIRETs below are valid too.
    etabs = write(
        tmp_path / "StockEtablissement_utf8.csv",
        [
            ETAB_HEADER,
            etab("73282932000074", name="MENUISERIE DU PONT"),
            etab("73282932000082", head="false", band="NN", employer="N"),
            etab("55210055400013", commune="69123"),  # another département
            etab("12345678901234"),  # bad checksum
            etab("55210055400021", state="F"),  # closed and unknown: skipped
        ],
    )
    units = write(
        tmp_path / "StockUniteLegale_utf8.csv",
        [
            UL_HEADER,
            "732829320,O,,11,A,MENUISERIE COOPERATIVE DU PONT,MCP,5458,16.23Z,00074,O,O",
            "552100554,O,,12,A,AUTRE,,5710,47.11F,00013,N,N",
        ],
    )
    summary = sirene_import(
        etablissements=etabs, unites_legales=units, departements=["48"], rejects_path=tmp_path / "r.csv"
    )
    assert summary.read == 5 and summary.created == 2 and summary.rejected == 1
    # Two establishments, one legal unit: the summary tells lines and organisations apart.
    assert summary.organisations_created == 1
    assert "organisations nouvelles (une par SIREN, pour un ou plusieurs établissements) : 1" in summary.as_text()
    org = Organisation.objects.get(siren="732829320")
    assert org.name == "MENUISERIE COOPERATIVE DU PONT" and org.kind == OrganisationKind.ESS
    assert org.is_ess and org.is_societe_a_mission and org.siret == "73282932000074"
    assert org.commune.code == "48095" and org.headcount_band == "11"
    assert list(org.themes.values_list("code", flat=True)) == ["NAF-C"]
    assert org.establishments.count() == 2
    again = sirene_import(
        etablissements=etabs, unites_legales=units, departements=["48"], rejects_path=tmp_path / "r2.csv"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert again.organisations_created == 0 and "organisations nouvelles" not in again.as_text()

    # A newer file closes an establishment we know.
    newer = write(tmp_path / "newer.csv", [ETAB_HEADER, etab("73282932000082", head="false", state="F")])
    sirene_import(etablissements=newer, departements=["48"], rejects_path=tmp_path / "r3.csv")
    assert Establishment.objects.get(siret="73282932000082").status == OrganisationStatus.CLOSED

    employers = sirene_import(
        etablissements=etabs, departements=["48"], employers_only=True, dry_run=True, rejects_path=tmp_path / "r4.csv"
    )
    assert employers.unchanged + employers.updated == 1


def test_association_links_to_its_rna_record_without_duplicate(tmp_path):
    rna_import(
        source=write(tmp_path / "w.csv", [WALDEC_HEADER, waldec_line(id="W481000009")]), rejects_path=tmp_path / "r.csv"
    )
    etabs = write(tmp_path / "e.csv", [ETAB_HEADER, etab("73282932000074", naf="94.99Z")])
    units = write(
        tmp_path / "u.csv", [UL_HEADER, "732829320,O,W481000009,01,A,JARDINS DE MENDE,,9220,94.99Z,00074,O,N"]
    )
    sirene_import(etablissements=etabs, unites_legales=units, departements=["48"], rejects_path=tmp_path / "r2.csv")
    assert Organisation.objects.count() == 1
    org = Organisation.objects.get()
    assert org.rna_id == "W481000009" and org.siren == "732829320"
    assert org.name == "ASSOCIATION DES JARDINS DE MENDE"  # the RNA keeps the identity
    assert list(org.themes.values_list("code", flat=True)) == ["024000"]
    assert org.establishments.get().siret == "73282932000074"


@pytest.mark.parametrize("defer_indexes", [None, True])
def test_whole_stock_reads_both_files_side_by_side(tmp_path, defer_indexes):
    """Without a département filter the legal units are joined in flux (both files sorted by SIREN),
    across batches; a file that is not sorted stops the import with a clear message. The same
    with the directory's indexes built after the import (they are there again, even after the error)."""
    etabs = write(
        tmp_path / "StockEtablissement_utf8.csv",
        [
            ETAB_HEADER,
            etab("55210055400013", commune="69123"),
            etab("55210055400021", commune="69123", head="false"),  # same SIREN, in the next batch
            etab("73282932000074", name="MENUISERIE DU PONT"),
        ],
    )
    units = write(
        tmp_path / "StockUniteLegale_utf8.csv",
        [
            UL_HEADER,
            "443061841,O,,11,A,SANS ETABLISSEMENT,,5710,47.11F,00013,N,N",
            "552100554,O,,12,A,AUTRE,,5710,47.11F,00013,N,N",
            "732829320,O,,11,A,MENUISERIE COOPERATIVE DU PONT,MCP,5458,16.23Z,00074,O,O",
        ],
    )
    summary = sirene_import(
        etablissements=etabs,
        unites_legales=units,
        batch_size=1,
        rejects_path=tmp_path / "r.csv",
        defer_indexes=defer_indexes,
    )
    assert (summary.read, summary.created, summary.rejected) == (3, 3, 0)
    assert len(summary.rebuilt_indexes) == (4 if defer_indexes else 0)
    assert Organisation.objects.get(siren="552100554").name == "AUTRE"
    assert Organisation.objects.get(siren="552100554").establishments.count() == 2
    assert Organisation.objects.get(siren="732829320").is_societe_a_mission

    unsorted = write(tmp_path / "unsorted.csv", [ETAB_HEADER, etab("73282932000074"), etab("55210055400013")])
    with pytest.raises(ImportAbortedError, match="pas trié par SIREN"):
        sirene_import(
            etablissements=unsorted,
            unites_legales=units,
            batch_size=1,
            rejects_path=tmp_path / "r2.csv",
            defer_indexes=defer_indexes,
        )
    assert sorted(directory_indexes()) == sorted(DIRECTORY_INDEXES)


def test_documents_of_created_organisations_equal_a_reindex_from_the_database(tmp_path):
    """New organisations get their search document from the values written (no read back): the
    same document as the one rebuilt from the database."""
    from alliances.actors.indexing import SEARCH_KIND, organisations_reindex_ids
    from alliances.core.models import SearchDocument

    etabs = write(
        tmp_path / "e.csv",
        [ETAB_HEADER, etab("55210055400013", commune="69123"), etab("73282932000074", name="MENUISERIE DU PONT")],
    )
    units = write(
        tmp_path / "u.csv",
        [
            UL_HEADER,
            "552100554,O,,12,A,AUTRE,,5710,47.11F,00013,N,N",
            "732829320,O,,11,A,MENUISERIE COOPERATIVE DU PONT,MCP,5458,16.23Z,00074,O,O",
        ],
    )
    sirene_import(etablissements=etabs, unites_legales=units, rejects_path=tmp_path / "r.csv")
    fields = ("object_id", "title", "terms_title", "terms_body", "terms_tags")
    imported = list(SearchDocument.objects.filter(kind=SEARCH_KIND).order_by("object_id").values_list(*fields))
    # The ids depend on the order of writing within a batch, not on the file: find it by title.
    (menuiserie,) = [document for document in imported if "MENUISERIE" in document[1]]
    assert len(imported) == 2 and "tagess" in menuiserie[4] and "tagemployeur" in menuiserie[4]
    organisations_reindex_ids(list(Organisation.objects.values_list("pk", flat=True)))
    assert list(SearchDocument.objects.filter(kind=SEARCH_KIND).order_by("object_id").values_list(*fields)) == imported


def test_a_known_closed_head_office_still_describes_its_organisation(tmp_path):
    """The parsing process computes each organisation from the active establishments of a batch;
    when a closed establishment of the batch is already known (here the head office), the
    organisation is computed again with it, as it always was."""
    etabs = write(
        tmp_path / "e.csv",
        [ETAB_HEADER, etab("73282932000074", name="SIEGE"), etab("73282932000082", head="false", commune="48140")],
    )
    sirene_import(etablissements=etabs, departements=["48"], rejects_path=tmp_path / "r.csv")
    org = Organisation.objects.get(siren="732829320")
    assert (org.siret, org.commune.code, org.status) == ("73282932000074", "48095", OrganisationStatus.ACTIVE)

    newer = write(
        tmp_path / "newer.csv",
        [
            ETAB_HEADER,
            etab("73282932000074", name="SIEGE", state="F"),
            etab("73282932000082", head="false", commune="48140"),
        ],
    )
    summary = sirene_import(etablissements=newer, departements=["48"], rejects_path=tmp_path / "r2.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    org.refresh_from_db()
    # Still described by its (now closed) head office, not by the other establishment.
    assert (org.siret, org.commune.code, org.status) == ("73282932000074", "48095", OrganisationStatus.CLOSED)


@settings(max_examples=3000, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="0123456789", min_size=14, max_size=14),
        st.text(alphabet="0123456789", min_size=5, max_size=5).map(lambda tail: "356000000" + tail),
        st.text(alphabet="0123456789 .-a٣", max_size=17),
    )
)
def test_the_fast_siret_check_agrees_with_stdnum(number):
    from stdnum.fr import siret as stdnum_siret

    from alliances.actors.importers.sirene import siret_is_valid

    assert siret_is_valid(number) == stdnum_siret.is_valid(number)


def test_the_fast_siret_check_on_known_numbers():
    from alliances.actors.importers.sirene import siret_is_valid

    assert siret_is_valid("73282932000074") and siret_is_valid("55210055400013")
    assert not siret_is_valid("12345678901234") and not siret_is_valid("73282932000075")
    assert siret_is_valid("35600000000048")  # La Poste's head office: Luhn
    assert siret_is_valid("35600000049837") and not siret_is_valid("35600000049838")  # sum of digits % 5


def test_the_values_read_give_what_the_whole_line_gives(tmp_path):
    """A line is read as the values of the columns the import parses (`fields_of`, no dict per
    line): the same values, establishment and legal unit as from the whole line as a dict, also
    for columns the file lacks (this header has fewer than the national one) and for lines of the
    wrong width."""
    from alliances.actors.importers import sirene
    from alliances.actors.importers.rna import RowError
    from alliances.actors.importers.sources import open_csv_files

    line = etab("73282932000074", name="SIEGE", head="true")
    etabs = write(
        tmp_path / "e.csv",
        [
            ETAB_HEADER,
            line,
            etab("73282932000082", head="false", employer="N", band="NN"),
            line.rsplit(",", 8)[0],
            line + ",EN TROP",
        ],
    )
    unit = "732829320,O,W481000009,11,A,MENUISERIE,MCP,5458,16.23Z,00074,O,O"
    units = write(tmp_path / "u.csv", [UL_HEADER, unit, "732829321,O,,, A ,,", unit + ",,"])

    def outcome(parse, *args):
        try:
            return parse(*args)
        except RowError as error:
            return str(error)

    for path, columns, parse_row, parse_fields in (
        (etabs, sirene.ETABLISSEMENT_READ, sirene.parse_establishment, sirene.establishment_of),
        # A legal unit's line is read whatever its width, as always.
        (units, sirene.UNITE_LEGALE_READ, sirene.parse_legal_unit, lambda fields, _count: sirene.legal_unit_of(fields)),
    ):
        with open_csv_files(path) as files:
            csv_file = next(iter(files))
            records = list(csv_file.records)
        rows = list(dataclasses.replace(csv_file, records=iter(records)).rows)
        read = list(dataclasses.replace(csv_file, records=iter(records)).fields_of(columns))
        assert [(line, tuple(row.get(c) or "" for c in columns)) for line, row in rows] == [
            (line, fields) for line, fields, _count in read
        ]
        assert [int(row.get("__width__", 0)) for _, row in rows] == [count for _, _, count in read]
        assert [outcome(parse_fields, fields, count) for _, fields, count in read] == [
            outcome(parse_row, row) for _, row in rows
        ]
        assert [count for _, _, count in read] == ([0, 0, 18, 27] if path == etabs else [0, 7, 14])
