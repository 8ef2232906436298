"""JSON import of practices: validation report with positions and reasons, valid ones kept, idempotent."""

import json

import pytest
from django.core.management import call_command

from alliances.practices.enums import Status
from alliances.practices.importers.practices_json import parse_practices
from alliances.practices.models import Practice
from tests.practices.factories import moderator, published_practice

pytestmark = pytest.mark.django_db

GOOD = {
    "titre": "Navette des aînés",
    "resume": "Une navette solidaire.",
    "territoires": [{"type": "commune", "code": "48095"}],
    "fragilites": ["mobilite"],
    "odd": [3, 11],
    "forme": "partenariat",
    "partenaires": [{"nom": "Asso X", "role": "porteur"}],
    "actions": "Des trajets.",
}


def test_parse_reports_each_bad_practice_with_its_position():
    data = {
        "pratiques": [
            GOOD,
            {**GOOD, "titre": ""},
            {**GOOD, "odd": [18]},
            {**GOOD, "forme": "autre"},
            {**GOOD, "territoires": ["abc"]},
            {**GOOD, "actions": "[" * 20001},
        ]
    }
    entries, problems = parse_practices(json.dumps(data))
    assert [e.position for e in entries] == [1]
    assert [p.position for p in problems] == [2, 3, 4, 5, 6]
    assert "« titre » est obligatoire" in str(problems[0]) and "1 à 17" in str(problems[1])
    assert "« actions » dépasse 20000 caractères" in str(problems[4])
    assert parse_practices("{oops")[1][0].reason.startswith("JSON illisible, ligne 1")


def test_command_imports_valid_ones_reports_others_and_is_idempotent(tmp_path, capsys):
    boss = moderator(email="operateur@example.org")
    path = tmp_path / "base.json"
    path.write_text(
        json.dumps({"pratiques": [GOOD, {**GOOD, "titre": "Inconnue", "territoires": ["99999"]}]}), encoding="utf-8"
    )
    call_command("import_practices", str(path), "--contributor", boss.email, "--publish")
    out = capsys.readouterr().out
    assert "1 pratique(s) importées" in out and "Pratique n° 2 « Inconnue »" in out
    practice = Practice.objects.get(title="Navette des aînés")
    assert practice.status == Status.PUBLISHED and practice.partners.get().name == "Asso X"
    call_command("import_practices", str(path), "--contributor", boss.email)
    assert "0 pratique(s) importées, 1 déjà présente(s)" in capsys.readouterr().out


def test_export_then_import_round_trip(client, tmp_path, capsys):
    published_practice(title="Aller-retour", sdgs=[8])
    path = tmp_path / "export.json"
    path.write_bytes(client.get("/pratiques/export.json").content)
    other = moderator(email="autre-instance@example.org")
    call_command("import_practices", str(path), "--contributor", other.email, "--dry-run")
    assert "1 pratique(s) seraient importées" in capsys.readouterr().out
    assert not Practice.objects.filter(contributor=other).exists()


def test_a_nul_character_rejects_its_practice_and_the_others_are_imported(tmp_path, capsys):
    """PostgreSQL refuses NUL in a text: the whole import used to fail with a DataError."""
    boss = moderator(email="operateur@example.org")
    path = tmp_path / "base.json"
    spoiled = {**GOOD, "titre": "Avec un nul", "actions": "Des\u0000 trajets.", "partenaires": [{"nom": "A\u0000"}]}
    path.write_text(json.dumps({"pratiques": [spoiled, {**GOOD, "titre": "Sans nul"}]}), encoding="utf-8")
    call_command("import_practices", str(path), "--contributor", boss.email)
    out = capsys.readouterr().out
    assert "Pratique n° 1 « Avec un nul » : caractère nul (\\u0000) dans un texte" in out
    assert "1 pratique(s) importées, 0 déjà présente(s), 1 refusée(s)" in out
    assert list(Practice.objects.values_list("title", flat=True)) == ["Sans nul"]
