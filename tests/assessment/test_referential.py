"""The referential: its YAML file, its validation and its versions."""

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from alliances.assessment.models import Referential
from alliances.assessment.referential import (
    AXIS_SLUGS,
    ReferentialError,
    parse_referential,
    referential_files,
)
from alliances.assessment.selectors import assessment_results, referential_current
from tests.assessment.factories import commune, completed_assessment

SHIPPED = referential_files()[-1]


def _raw() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def test_shipped_referential_has_six_axes_of_four_to_six_questions_with_four_described_levels():
    data = parse_referential(SHIPPED.read_text(encoding="utf-8"))
    assert tuple(axis.slug for axis in data.axes) == AXIS_SLUGS
    for axis in data.axes:
        assert 4 <= len(axis.questions) <= 6
        for question in axis.questions:
            assert sorted(question.levels) == [1, 2, 3, 4]
            # Concrete descriptions, all different: two people should answer alike.
            assert len(set(question.levels.values())) == 4
            assert all(len(text) > 30 for text in question.levels.values())
    assert [level.label for level in data.levels] == ["Découverte", "Premiers pas", "Structuration", "Maturité"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda raw: raw["axes"][0]["questions"][0]["niveaux"].pop(3), "décrire les niveaux 1, 2, 3 et 4"),
        (lambda raw: raw["axes"][1]["questions"].__delitem__(slice(1, None)), "il en faut entre 4 et 6"),
        (lambda raw: raw["axes"].pop(), "Les axes doivent être"),
        (lambda raw: raw["axes"][2]["questions"][1].update(id="gouvernance.instance"), "en double"),
        (lambda raw: raw["axes"][2]["questions"][1].update(id="autre.chose"), "doit commencer par"),
        (lambda raw: raw.update(version="un"), "entier positif"),
    ],
)
def test_malformed_referential_is_rejected_with_a_french_reason(mutate, message):
    raw = _raw()
    mutate(raw)
    with pytest.raises(ReferentialError, match=message):
        parse_referential(yaml.safe_dump(raw, allow_unicode=True))


def test_yaml_syntax_error_gives_the_line():
    with pytest.raises(ReferentialError, match=r"ligne \d"):
        parse_referential("version: 1\ntitre: [pas fermé\naxes: ]\n")


@pytest.mark.django_db
def test_command_loads_once_then_is_a_no_op():
    out = []
    call_command("load_assessment", stdout=_Writer(out))
    call_command("load_assessment", stdout=_Writer(out))
    assert Referential.objects.count() == 1
    assert "chargée" in out[0] and "déjà à jour" in out[1]


@pytest.mark.django_db
def test_referential_is_loaded_automatically_when_missing():
    assert not Referential.objects.exists()
    assert referential_current().version == 1


@pytest.mark.django_db
def test_a_used_version_cannot_change(tmp_path):
    completed_assessment(commune("48095"))
    raw = _raw()
    raw["axes"][0]["questions"][0]["intitule"] = "Un autre texte ?"
    changed = tmp_path / "v1.yaml"
    changed.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CommandError, match="nouvelle version"):
        call_command("load_assessment", str(changed))


@pytest.mark.django_db
def test_a_new_version_does_not_break_past_answers(tmp_path):
    old = completed_assessment(commune("48095"), level=3)
    before = assessment_results(old).scores
    raw = _raw()
    raw["version"] = 2
    # v2 drops a question and renames another: v1 answers must still be read against v1.
    raw["axes"][0]["questions"][0]["id"] = "connaissance.diagnostic-partage"
    raw["axes"][1]["questions"].append({**raw["axes"][1]["questions"][0], "id": "mobilisation.jeunes"})
    new = tmp_path / "v2.yaml"
    new.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    call_command("load_assessment", str(new), stdout=_Writer([]))

    assert referential_current().version == 2
    old.refresh_from_db()
    assert old.referential.version == 1
    assert assessment_results(old).scores == before
    assert len(old.referential.parsed.questions) == 24
    assert len(referential_current().parsed.questions) == 25


def test_missing_file_is_reported():
    with pytest.raises(CommandError, match="introuvable"):
        call_command("load_assessment", str(Path("/nulle/part.yaml")))


class _Writer:
    def __init__(self, sink: list):
        self.sink = sink

    def write(self, text: str) -> None:
        self.sink.append(text)

    def flush(self) -> None:
        pass
