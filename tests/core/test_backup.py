"""Backup and restore round trip, on whichever database the suite runs."""

import datetime
import json
import stat
import tarfile
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from alliances.core.search import index_document, search_documents
from tests.conftest import seed_reference_data


def _snapshot() -> list:
    out = StringIO()
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        "--exclude",
        "contenttypes",
        "--exclude",
        "auth.permission",
        "--exclude",
        "sessions",
        "--exclude",
        "admin.logentry",
        stdout=out,
    )
    return sorted(json.loads(out.getvalue()), key=lambda o: (o["model"], json.dumps(o, sort_keys=True)))


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_everything(tmp_path, settings, django_user_model):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "pieces").mkdir(parents=True)
    (settings.MEDIA_ROOT / "pieces" / "convention.pdf").write_bytes(b"%PDF-1.4 test")
    # Start from a small database: the session-wide national referential would make it slow.
    call_command("flush", "--no-input", verbosity=0)
    seed_reference_data(("48",))
    user = django_user_model.objects.create_user(email="maire@exemple.fr", password="mot-de-passe-solide-1")
    user.groups.add(Group.objects.get(name="moderateur"))
    # Microseconds survive the round trip (Django's JSON format alone keeps milliseconds).
    joined = datetime.datetime(2026, 3, 14, 9, 26, 53, 589793, tzinfo=datetime.UTC)
    django_user_model.objects.filter(pk=user.pk).update(date_joined=joined)
    index_document(kind="practice", object_id=7, title="Chantier jeunesse", body="emploi", tags=["odd:8"])
    before = _snapshot()
    archive = tmp_path / "sauvegarde.tar.gz"

    call_command("backup", "--output", str(archive), stdout=StringIO())
    # It holds password hashes: readable by its owner only.
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    django_user_model.objects.all().delete()
    (settings.MEDIA_ROOT / "pieces" / "convention.pdf").unlink()
    call_command("restore", str(archive), "--yes", stdout=StringIO())

    assert _snapshot() == before
    assert (settings.MEDIA_ROOT / "pieces" / "convention.pdf").read_bytes() == b"%PDF-1.4 test"
    restored = django_user_model.objects.get(email="maire@exemple.fr")
    assert restored.check_password("mot-de-passe-solide-1")
    assert restored.date_joined == joined
    assert restored.groups.filter(name="moderateur").exists()
    # The full-text index is rebuilt with the rows (triggers / generated column).
    assert [m.object_id for m in search_documents(kind="practice", query="jeunes")] == [7]


@pytest.mark.django_db
def test_restore_refuses_without_confirmation_or_a_foreign_file(tmp_path):
    not_a_backup = tmp_path / "autre.tar.gz"
    with tarfile.open(not_a_backup, "w:gz"):
        pass
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(not_a_backup))
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(not_a_backup), "--yes")
    with pytest.raises(CommandError, match="introuvable"):
        call_command("restore", str(tmp_path / "absent.tar.gz"), "--yes")
    assert settings.MEDIA_ROOT  # untouched
