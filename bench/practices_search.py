"""Benchmark: faceted search of practices (text + two facets) with 20,000 generated practices.

Generates the practices (published, tagged, indexed through the shared search layer), starts
Gunicorn on the loopback, sends requests from 10 concurrent clients and reports p50/p95/p99 of
the server time (Gunicorn's own measure, %(D)s), of the CPU time the worker spent on each request
(process time between Gunicorn's pre_request and post_request hooks: what a request costs, less
sensitive than the server time to the other loads of a shared machine; on PostgreSQL the
database's own CPU is not in it) and of the time seen by the clients, with two baselines measured
in the same run: `/sante` (one SELECT 1) and the list without text or facet.

    .venv/bin/python bench/practices_search.py --database sqlite
    .venv/bin/python bench/practices_search.py --database postgres

Only 127.0.0.1 is contacted. Loops are bounded (--requests per scenario).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_URL = "postgres://alliances:alliances@127.0.0.1:5432/alliances_practices_bench"

WORDS = {
    "emploi": "emploi insertion recrutement chômeurs demandeurs formation entreprises métiers apprentissage",
    "jeunesse": "jeunes jeunesse adolescents étudiants mission locale apprentis premier emploi",
    "vieillissement": "aînés personnes âgées retraités aidants maintien à domicile solitude",
    "isolement": "isolement lien social visites voisins solidarité hameaux",
    "sante": "santé médecins soins prévention maison de santé infirmières",
    "logement": "logement rénovation habitat bailleur copropriétés loyers",
    "mobilite": "mobilité transport navette covoiturage vélo garage solidaire",
    "alimentation": "alimentation cantine producteurs maraîchers circuits courts épicerie",
    "climat-energie": "énergie climat solaire rénovation énergétique sobriété chaleur",
    "biodiversite": "biodiversité haies jardins espèces rivière sentiers",
    "culture": "culture festival patrimoine musique bibliothèque artistes",
    "inclusion-numerique": "numérique ordinateurs démarches en ligne conseillers ateliers",
    "education": "école éducation élèves parents soutien scolaire",
    "economie-locale": "commerce économie locale artisans tiers-lieu monnaie locale",
    "centre-bourg": "centre-bourg vitrines boutiques vacance commerciale revitalisation",
    "handicap": "handicap accessibilité ESAT inclusion adaptation des postes",
}
QUERIES = [
    "jeunesse emploi",
    "emploi",
    "personnes âgées",
    "transport solidaire",
    "énergie solaire",
    "circuits courts cantine",
    "numérique",
    "jeunes apprentis",
    "logement rénovation",
    "santé prévention",
]


def _setup(database: str) -> None:
    if database == "postgres":
        os.environ["DATABASE_URL"] = PG_URL
        import psycopg

        with psycopg.connect("postgresql://alliances:alliances@127.0.0.1:5432/postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = 'alliances_practices_bench'").fetchone()
            if not exists:
                conn.execute("CREATE DATABASE alliances_practices_bench")
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["ALLIANCES_VAR_DIR"] = str(Path(tempfile.gettempdir()) / "bench_practices_sqlite")
        Path(os.environ["ALLIANCES_VAR_DIR"]).mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLIANCES_API_RATE_ANON", "")  # every request comes from one address
    os.environ["DEBUG"] = "0"
    import django

    django.setup()


def _generate(count: int, seed: int = 20) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from alliances.core.search import IndexEntry, index_documents
    from alliances.practices.enums import (
        CoConstructionForm,
        Fragility,
        PartnershipType,
        Stage,
        Status,
    )
    from alliances.practices.models import Practice, PracticeTag
    from alliances.practices.search import KIND, region_code, territory_type
    from alliances.territories.models import Territory

    call_command("migrate", verbosity=0)
    if not Territory.objects.exists():
        call_command("load_territories", verbosity=0)
    existing = Practice.objects.published().count()
    if existing >= count:
        print(f"{existing} pratiques déjà générées.")
        return
    rng = random.Random(seed)
    started = time.monotonic()
    user, _ = get_user_model().objects.get_or_create(email="bench@alliances.invalid")
    communes = list(
        Territory.objects.current_communes()
        .select_related("region")
        .exclude(population=None)
        .exclude(region=None)
        .order_by("code")
    )[::10]
    fragilities = list(Fragility.values)
    now = timezone.now()
    with transaction.atomic():
        practices, links, sdg_links, tags, entries = [], [], [], [], []
        for n in range(existing, count):
            chosen = rng.sample(fragilities, rng.randint(1, 3))
            commune = rng.choice(communes)
            words = " ".join(rng.sample(WORDS[chosen[0]].split(), 4))
            body = " ".join(WORDS[f] for f in chosen)
            practices.append(
                Practice(
                    title=f"{words.capitalize()} à {commune.name}",
                    summary=f"Pratique générée n° {n} : {body}.",
                    actions=body,
                    fragilities=chosen,
                    form=rng.choice(CoConstructionForm.values),
                    partnership_types=rng.sample(PartnershipType.values, rng.randint(1, 2)),
                    stage=rng.choice(Stage.values),
                    status=Status.PUBLISHED,
                    contributor=user,
                    published_at=now - dt.timedelta(minutes=n),
                    is_demo=True,
                )
            )
        Practice.objects.bulk_create(practices, batch_size=2000)
        created = list(Practice.objects.filter(contributor=user).order_by("id"))[existing:]
        for practice in created:
            commune = rng.choice(communes)
            sdgs = rng.sample(range(1, 18), rng.randint(1, 3))
            links.append(Practice.territories.through(practice_id=practice.pk, territory_id=commune.pk))
            sdg_links += [Practice.sdgs.through(practice_id=practice.pk, sdg_id=s) for s in sdgs]
            practice_tags = {f"fragilite:{f}" for f in practice.fragilities} | {f"odd:{s}" for s in sdgs}
            practice_tags |= {f"type_partenariat:{t}" for t in practice.partnership_types}
            practice_tags |= {
                f"forme:{practice.form}",
                f"etape:{practice.stage}",
                f"type_territoire:{territory_type(commune).value}",
                f"region:{region_code(commune)}",
            }
            tags += [PracticeTag(practice_id=practice.pk, tag=t) for t in practice_tags]
            entries.append(
                IndexEntry(
                    object_id=practice.pk,
                    title=practice.title,
                    body=practice.summary + "\n" + practice.actions,
                    tags=sorted(practice_tags),
                )
            )
        Practice.territories.through.objects.bulk_create(links, batch_size=5000)
        Practice.sdgs.through.objects.bulk_create(sdg_links, batch_size=5000)
        PracticeTag.objects.bulk_create(tags, batch_size=5000)
        index_documents(KIND, entries)
    print(f"{len(created)} pratiques générées et indexées en {time.monotonic() - started:.0f} s.")


def _percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def _load(base: str, paths: list[str], clients: int, requests: int) -> list[float]:
    """Send `requests` requests from `clients` threads; return the client-side times in ms."""
    times: list[float] = []
    lock = threading.Lock()
    per_client = requests // clients

    def run(seed: int) -> None:
        rng = random.Random(seed)
        local = []
        for _ in range(per_client):
            path = rng.choice(paths)
            started = time.perf_counter()
            with urllib.request.urlopen(base + path, timeout=30) as response:
                response.read()
                assert response.status == 200
            local.append((time.perf_counter() - started) * 1000)
        with lock:
            times.extend(local)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times


def _target_paths(prefix: str) -> list[str]:
    rng = random.Random(7)
    paths = []
    for _ in range(60):
        params = [
            ("q", rng.choice(QUERIES)),
            ("odd", str(rng.choice([3, 4, 8, 10, 11, 13]))),
            ("fragilite", rng.choice(list(WORDS))),
        ]
        paths.append(prefix + "?" + urllib.parse.urlencode(params))
    return paths


_GUNICORN_HOOKS = """
import time

def pre_request(worker, req):
    worker.bench_cpu = time.process_time()

def post_request(worker, req, environ, resp):
    with open({log!r}, "a") as out:
        out.write("%s %.3f\\n" % (req.path, (time.process_time() - worker.bench_cpu) * 1000))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--practices", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--requests", type=int, default=500, help="requêtes par scénario")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=0, help="0 : un port libre")
    parser.add_argument("--generate-only", action="store_true", help="générer les données sans mesurer")
    args = parser.parse_args()
    _setup(args.database)
    _generate(args.practices)
    if args.generate_only:
        return

    if not args.port:
        with socket.socket() as probe:  # a free port, so that no other local server is measured by mistake
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    log = Path(tempfile.mkstemp(suffix=".log")[1])
    cpu_log = Path(tempfile.mkstemp(suffix=".cpu.log")[1])
    hooks = Path(tempfile.mkstemp(suffix="_gunicorn.py")[1])
    hooks.write_text(_GUNICORN_HOOKS.format(log=str(cpu_log)))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-c",
            str(hooks),
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{args.port}",
            "--access-logfile",
            str(log),
            "--access-logformat",
            "%(U)s %(D)s",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            if server.poll() is not None:
                raise SystemExit(f"Gunicorn s'est arrêté (code {server.returncode}).")
            try:
                urllib.request.urlopen(base + "/sante", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        scenarios = {
            "référence : /sante (SELECT 1)": ["/sante"],
            "référence : API sans texte ni facette": ["/api/v1/pratiques?limit=20"],
            "API : texte + 2 facettes": _target_paths("/api/v1/pratiques"),
            "page HTML : texte + 2 facettes": _target_paths("/pratiques/"),
        }
        rows = []
        for label, paths in scenarios.items():
            _load(base, paths, args.clients, 50)  # warm-up (connections, caches)
            log.write_text("")
            cpu_log.write_text("")
            client = _load(base, paths, args.clients, args.requests)
            time.sleep(0.5)
            server_ms = [int(line.split()[-1]) / 1000 for line in log.read_text().splitlines() if line.strip()]
            cpu_ms = [float(line.split()[-1]) for line in cpu_log.read_text().splitlines() if line.strip()]
            rows.append(
                (
                    label,
                    len(client),
                    _percentile(server_ms, 50),
                    _percentile(server_ms, 95),
                    _percentile(server_ms, 99),
                    _percentile(cpu_ms, 50),
                    _percentile(cpu_ms, 95),
                    _percentile(client, 95),
                )
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
        for path in (log, cpu_log, hooks):
            path.unlink(missing_ok=True)
    from alliances.practices.models import Practice

    print(
        f"\nBase : {args.database}, {Practice.objects.published().count()} pratiques publiées, "
        f"{args.clients} clients simultanés, Gunicorn {args.workers} workers, {os.cpu_count()} cœurs.\n"
    )
    print(
        "| scénario | requêtes | serveur p50 (ms) | serveur p95 (ms) | serveur p99 (ms) | CPU worker p50 (ms) "
        "| CPU worker p95 (ms) | client p95 (ms) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, n, p50, p95, p99, cpu50, cpu95, c95 in rows:
        print(f"| {label} | {n} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {cpu50:.1f} | {cpu95:.1f} | {c95:.1f} |")
    print(f"\n(médiane des temps client : {statistics.median(client):.1f} ms pour le dernier scénario)")


if __name__ == "__main__":
    main()
