"""`alliances load_official_data` against a real HTTP server on 127.0.0.1 serving the real official files:
resumed downloads (HTTP Range), size and checksum checks, the cache, the importers and one report."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from alliances.actors.models import Organisation
from alliances.core.downloads import DownloadError, download

pytestmark = pytest.mark.django_db

RNA = "rna_import_20241001_dpt_48.csv"
NOMENCLATURE = "rna-associations-nomenclature-waldec.csv"


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """http.server with `Range: bytes=N-` support, as the official servers have."""

    ranges: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        header = self.headers.get("Range")
        path = self.translate_path(self.path)
        if not header or not os.path.isfile(path):
            return super().send_head()
        RangeHandler.ranges.append(header)
        start = int(header.removeprefix("bytes=").split("-")[0])
        size = os.path.getsize(path)
        handle = open(path, "rb")  # noqa: SIM115 — closed by copyfile's caller
        handle.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        self.send_header("Content-Length", str(size - start))
        self.end_headers()
        return handle


@pytest.fixture
def official_server(shared_data, settings, tmp_path):
    """A local server on 127.0.0.1 serving ../shared/data/real/ as the official sites would."""
    RangeHandler.ranges = []
    handler = functools.partial(RangeHandler, directory=str(shared_data))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.ALLIANCES_DATA_DIR = tmp_path / "donnees"
    settings.ALLIANCES_OFFICIAL_SOURCES = {"rna": f"{base}/{RNA}", "rna_nomenclature": f"{base}/{NOMENCLATURE}"}
    yield base
    server.shutdown()
    server.server_close()


def _run(*args) -> str:
    out = StringIO()
    call_command("load_official_data", *args, stdout=out, stderr=StringIO(), verbosity=0)
    return out.getvalue()


@pytest.mark.shared_data
def test_one_command_downloads_resumes_imports_and_reports(official_server, shared_data, settings):
    # An interrupted earlier download: the first 100 kB are already there.
    data_dir = settings.ALLIANCES_DATA_DIR
    data_dir.mkdir(parents=True)
    (data_dir / f"{RNA}.part").write_bytes((shared_data / RNA).read_bytes()[:100_000])

    out = _run("--source", "rna_nomenclature", "--source", "rna", "--departement", "48")
    assert RangeHandler.ranges == ["bytes=100000-"]
    assert (data_dir / RNA).read_bytes() == (shared_data / RNA).read_bytes()
    assert "Compte rendu du chargement des données officielles" in out
    assert "RNA, répertoire national des associations (fichier import) [" in out and "repris" in out
    assert "RNA, nomenclature des objets sociaux [" in out and "téléchargé" in out
    assert "2 source(s) chargée(s)" in out
    count = Organisation.objects.count()
    assert count > 3000

    # A second run uses the cache (no download) and changes nothing.
    again = _run("--source", "rna", "--departement", "48")
    assert "en cache" in again
    assert Organisation.objects.count() == count


@pytest.mark.shared_data
def test_a_wrong_checksum_or_a_missing_file_is_refused(official_server, settings):
    with pytest.raises(DownloadError, match="Empreinte SHA-256 inattendue"):
        download(f"{official_server}/{NOMENCLATURE}", sha256="0" * 64, progress=False)
    assert not (settings.ALLIANCES_DATA_DIR / NOMENCLATURE).exists()
    settings.ALLIANCES_OFFICIAL_SOURCES = {"rna_nomenclature": f"{official_server}/absent.csv"}
    with pytest.raises(CommandError, match="1 source"):
        _run("--source", "rna_nomenclature")
