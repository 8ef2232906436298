"""The RNA importer on the real Lozère file and on small hand-written files."""

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from alliances.actors.enums import OrganisationStatus
from alliances.actors.imports import rna_import
from alliances.actors.models import ImportRun, Organisation
from tests.actors.factories import commune

pytestmark = pytest.mark.django_db

LOZERE = "rna_import_20241001_dpt_48.csv"
WALDEC_HEADER = (
    "id;id_ex;siret;rup_mi;gestion;date_creat;date_decla;date_publi;date_disso;nature;groupement;titre;"
    "titre_court;objet;objet_social1;objet_social2;adrs_complement;adrs_numvoie;adrs_repetition;adrs_typevoie;"
    "adrs_libvoie;adrs_distrib;adrs_codeinsee;adrs_codepostal;adrs_libcommune;adrg_declarant;adrg_complemid;"
    "adrg_complemgeo;adrg_libvoie;adrg_distrib;adrg_codepostal;adrg_achemine;adrg_pays;dir_civilite;siteweb;"
    "publiweb;observation;position;maj_time"
)


def waldec_line(**values) -> str:
    row = dict.fromkeys(WALDEC_HEADER.split(";"), "")
    row.update(
        {
            "id": "W481000001",
            "titre": "ASSOCIATION DES JARDINS DE MENDE",
            "date_creat": "2012-03-04",
            "date_disso": "0001-01-01",
            "objet": "Jardins partagés et compostage",
            "objet_social1": "024030",
            "objet_social2": "000000",
            "adrs_codeinsee": "48095",
            "adrs_codepostal": "48000",
            "adrs_libcommune": "MENDE",
            "position": "A",
        }
    )
    row.update(values)
    return ";".join(f'"{row[c]}"' for c in WALDEC_HEADER.split(";"))


def write(path: Path, lines: list[str], encoding="utf-8") -> str:
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return str(path)


def snapshot() -> list[tuple]:
    return [
        (
            o.rna_id,
            o.name,
            o.commune_id,
            o.status,
            o.rna_successor_id,
            o.created_on,
            tuple(sorted(t.code for t in o.themes.all())),
            tuple(sorted(s.number for s in o.sdgs.all())),
        )
        for o in Organisation.objects.prefetch_related("themes", "sdgs").order_by("rna_id")
    ]


def _load_lozere_postal_localities() -> None:
    """La Poste's Lozère lines from the shipped bundle: former commune names (line 5)."""
    import gzip

    from alliances.indicators.bundle import LAPOSTE
    from alliances.indicators.importers.laposte import parse_laposte
    from alliances.indicators.services import commune_coordinates_import

    with gzip.open(LAPOSTE, "rt", encoding="utf-8") as handle:
        lines = [line for number, line in enumerate(handle) if number == 0 or line.startswith("48")]
    commune_coordinates_import(rows=parse_laposte(lines))


@pytest.mark.shared_data
def test_real_lozere_file_twice_creates_each_association_once(shared_data, tmp_path, client):
    _load_lozere_postal_localities()
    rejects = tmp_path / "rejets.csv"
    first = rna_import(source=str(shared_data / LOZERE), rejects_path=rejects)
    assert first.read == 3186
    assert first.created + first.rejected == 3186
    assert first.rejected == 1  # one line has no title
    assert Organisation.objects.count() == first.created
    assert Organisation.objects.values("rna_id").distinct().count() == first.created

    second = rna_import(source=str(shared_data / LOZERE), rejects_path=tmp_path / "rejets2.csv")
    assert (second.read, second.created, second.updated) == (3186, 0, 0)
    assert second.unchanged == first.created
    assert Organisation.objects.count() == first.created
    assert ImportRun.objects.count() == 2

    # Unresolved communes are in the rejects file with their line number and a reason.
    with rejects.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    no_commune = [r for r in rows if r["motif"].startswith("commune introuvable")]
    assert len(no_commune) == Organisation.objects.filter(commune__isnull=True).count() > 0
    # Pre-merger names (FRAISSINET-DE-LOZERE, SALLE-PRUNET) resolve through the former communes:
    # only lines without a commune name stay without a commune.
    assert all(r["motif"].startswith("commune introuvable : nom de commune absent") for r in no_commune)
    assert Organisation.objects.filter(rna_id="481S0481000750", commune__code="48116").exists()
    assert Organisation.objects.filter(rna_id="481S0481000426", commune__code="48061").exists()
    untitled = next(r for r in rows if r["motif"] == "titre absent")
    assert untitled["identifiant"] == "482P0482003174" and untitled["suite donnée"] == "ligne ignorée"
    assert untitled["ligne"] == "2430"  # header is line 1

    # Position R keeps the new Waldec id; D is dissolved.
    taken_over = Organisation.objects.get(rna_id="481S0481000004")
    assert taken_over.status == OrganisationStatus.CLOSED and taken_over.rna_successor_id == "W481004127"
    assert Organisation.objects.filter(status=OrganisationStatus.DISSOLVED).exists()
    # Names without article or of absorbed communes still resolve.
    assert Organisation.objects.filter(commune__code="48034").exists()  # « CANOURGUE »
    assert Organisation.objects.filter(commune__code="48061").exists()  # « FLORAC »

    # Mende's page lists its associations with their themes.
    page = client.get("/territoires/commune/48095/").content.decode()
    assert "Acteurs du territoire" in page
    mende = Organisation.objects.filter(commune=commune("48095"))
    assert mende.count() > 400
    assert "Sports, activités de plein air" in page
    listed = client.get("/acteurs/", {"territoire": "commune:48095", "q": "randonnee lozerienne"}).content.decode()
    assert "LOU CARRAL" in listed and "Sports, activités de plein air" in listed


@pytest.mark.shared_data
def test_latin1_crlf_and_zip_give_the_same_result(shared_data, tmp_path):
    original = (shared_data / LOZERE).read_text(encoding="utf-8-sig")
    rna_import(source=str(shared_data / LOZERE), rejects_path=tmp_path / "r0.csv")
    expected = snapshot()
    Organisation.objects.all().delete()

    latin1 = tmp_path / "rna_latin1.csv"
    latin1.write_bytes(original.replace("\n", "\r\n").encode("iso-8859-1"))
    summary = rna_import(source=str(latin1), rejects_path=tmp_path / "r1.csv")
    assert summary.read == 3186 and summary.files == ["rna_latin1.csv (import, iso-8859-1)"]
    assert snapshot() == expected
    Organisation.objects.all().delete()

    archive = tmp_path / "rna_import_20241001.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(latin1, "rna_import_20241001_dpt_48.csv")
    summary = rna_import(source=str(archive), rejects_path=tmp_path / "r2.csv")
    assert summary.read == 3186
    assert snapshot() == expected


def test_waldec_layout_by_header_name_and_idempotent_updates(tmp_path):
    source = write(
        tmp_path / "waldec.csv",
        [
            WALDEC_HEADER,
            waldec_line(),
            waldec_line(
                id="W481000002",
                titre="CLUB DE PETANQUE",
                objet_social1="011000",
                adrs_codeinsee="",
                adrs_libcommune="ST CHELY D APCHER",
                adrs_codepostal="48200",
                date_creat="0001-01-01",
            ),
        ],
    )
    summary = rna_import(source=source, rejects_path=tmp_path / "r.csv")
    assert (summary.read, summary.created, summary.rejected) == (2, 2, 0)
    garden = Organisation.objects.get(rna_id="W481000001")
    assert garden.commune.code == "48095" and garden.created_on.isoformat() == "2012-03-04"
    assert list(garden.themes.values_list("code", flat=True)) == ["024000"]
    assert sorted(garden.sdgs.values_list("number", flat=True)) == [13, 15]
    petanque = Organisation.objects.get(rna_id="W481000002")
    assert petanque.commune.code == "48140" and petanque.created_on is None

    # Members' declared fields survive a newer file that dissolves the association.
    garden.description = "Nous animons trois jardins."
    garden.offers_premises = True
    garden.save()
    newer = write(
        tmp_path / "waldec2.csv",
        [
            WALDEC_HEADER,
            waldec_line(position="D", date_disso="2024-06-30"),
            waldec_line(
                id="W481000002",
                titre="CLUB DE PETANQUE",
                objet_social1="011000",
                adrs_codeinsee="",
                adrs_libcommune="ST CHELY D APCHER",
                adrs_codepostal="48200",
                date_creat="0001-01-01",
            ),
        ],
    )
    summary = rna_import(source=newer, rejects_path=tmp_path / "r2.csv")
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    garden.refresh_from_db()
    assert garden.status == OrganisationStatus.DISSOLVED and str(garden.status_changed_on) == "2024-06-30"
    assert garden.description == "Nous animons trois jardins." and garden.offers_premises


def test_bad_lines_are_reported_and_good_lines_kept(tmp_path):
    rejects = tmp_path / "rejets.csv"
    source = write(
        tmp_path / "bad.csv",
        [
            WALDEC_HEADER,
            waldec_line(id="W48100000X1"),  # malformed id
            waldec_line(id="W481000003", siret="12345678901234", date_creat="2020-13-45"),
            '"W481000004";"trop court"',
            waldec_line(id="W481000005"),
            waldec_line(id="W481000005", titre="DOUBLON"),
        ],
    )
    summary = rna_import(source=source, rejects_path=rejects)
    assert summary.read == 5
    assert summary.created == 2 and summary.rejected == 3
    assert Organisation.objects.get(rna_id="W481000005").name == "DOUBLON"
    kept = Organisation.objects.get(rna_id="W481000003")
    assert kept.siret == "" and kept.created_on is None
    rows = list(csv.DictReader(rejects.open(encoding="utf-8"), delimiter=";"))
    by_line = {r["ligne"]: r["motif"] for r in rows if r["suite donnée"] == "ligne ignorée"}
    assert by_line["2"].startswith("numéro RNA « W48100000X1 » invalide")
    assert by_line["4"] == "nombre de champs incorrect (2)"
    assert by_line["5"].startswith("numéro RNA en double")
    warnings = [r["motif"] for r in rows if r["ligne"] == "3"]
    assert any("SIRET" in w for w in warnings) and any("date_creat" in w for w in warnings)


def test_dry_run_writes_nothing(tmp_path):
    source = write(tmp_path / "w.csv", [WALDEC_HEADER, waldec_line()])
    summary = rna_import(source=source, dry_run=True, rejects_path=tmp_path / "r.csv")
    assert summary.created == 1
    assert not Organisation.objects.exists()


def test_command_prints_summary_and_fails_cleanly(tmp_path):
    source = write(tmp_path / "w.csv", [WALDEC_HEADER, waldec_line()], encoding="iso-8859-1")
    out = io.StringIO()
    call_command("import_rna", source, "--rejects", str(tmp_path / "r.csv"), stdout=out, stderr=io.StringIO())
    assert "lignes lues : 1" in out.getvalue() and "créées : 1" in out.getvalue()
    with pytest.raises(CommandError, match="introuvable"):
        call_command("import_rna", str(tmp_path / "absent.csv"), stdout=io.StringIO(), stderr=io.StringIO())
    not_rna = write(tmp_path / "autre.csv", ["a;b", "1;2"])
    with pytest.raises(CommandError, match="colonnes obligatoires absentes : id, titre"):
        call_command("import_rna", not_rna, stdout=io.StringIO(), stderr=io.StringIO())


def test_import_from_url(tmp_path):
    source = write(tmp_path / "w.csv", [WALDEC_HEADER, waldec_line()])
    summary = rna_import(source=Path(source).as_uri(), rejects_path=tmp_path / "r.csv")
    assert summary.created == 1
