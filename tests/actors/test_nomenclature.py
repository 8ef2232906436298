import io

import pytest
from django.core.management import call_command

from alliances.actors.imports import rna_import, rna_nomenclature_import
from alliances.actors.models import Organisation, Theme
from tests.actors.test_import_rna import WALDEC_HEADER, waldec_line, write

pytestmark = pytest.mark.django_db


@pytest.mark.shared_data
def test_official_nomenclature_loads_twice_and_details_attach(shared_data, tmp_path):
    path = shared_data / "rna-associations-nomenclature-waldec.csv"
    first = rna_nomenclature_import(source=str(path))
    assert first.read == 297 and first.rejected == 0
    second = rna_nomenclature_import(source=str(path))
    assert second.created == 0 and second.updated == 0
    detail = Theme.objects.get(code="022540")  # listed under 023000 in the file: first digits win
    assert detail.family.code == "022000" and detail.label == "chambres de commerce, chambres économiques"
    assert Theme.objects.get(code="036520").family.code == "036000"  # parent 037000 has no label
    assert Theme.objects.get(code="017000").label == "Santé"  # built-in label kept

    source = write(tmp_path / "w.csv", [WALDEC_HEADER, waldec_line(objet_social1="017065")])
    rna_import(source=source, rejects_path=tmp_path / "r.csv")
    codes = sorted(Organisation.objects.get().themes.values_list("code", flat=True))
    assert codes == ["017000", "017065"]


def test_command(tmp_path):
    path = write(
        tmp_path / "n.csv",
        [
            "objet_social_parent_id;objet_social_parent_lib;objet_social_id;objet_social_lib",
            "017000;SANTÉ;017010;hôpitaux, cliniques",
            "017000;SANTÉ;XX;mauvais",
        ],
    )
    out = io.StringIO()
    call_command("import_rna_nomenclature", path, stdout=out)
    assert "lignes lues : 2" in out.getvalue() and "rejetées : 1" in out.getvalue()
    assert Theme.objects.get(code="017010").family.code == "017000"
