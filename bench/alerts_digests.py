"""Benchmark: build and send the alert digests of one daily run at national scale.

Generates, in its own database (SQLite file under var/bench/ by default, or --database-url):
the official referential of territories, `--accounts` accounts (national preset: 200,000) of
which `--share` (10 %) have 1 to 3 alerts (2 on average: 40,000 alerts), `--organisations`
organisations spread over the communes by population (national preset: 1.9 million
associations), 20,000 published practices with their facet tags, 500 events, 350 catalysts,
2,000 public alliances. Then, "in the day", `--new-organisations` organisations (3,000: the RNA
and SIRENE creations of a day), 30 practices, 5 events, 2 catalysts and 300 alliance history
entries appear. All alerts are daily (the worst case: every alert in one run).

The alerts are drawn as people would save them: the directory of their commune (weighted by
population) or département, with or without a kind; practices by fragility and SDG; a followed
commune; a need in their commune; events by kind; catalysts of their département; a followed
alliance. Many people save the same search: the run evaluates each distinct one once.

The run itself (`digests_send(frequency="quotidien")`) is measured in a fresh process: wall
time, CPU time, peak RSS (VmHWM, bench/memory.py), number of SQL queries, digests sent. Emails are built
(EmailMessage with the unsubscribe headers) and handed to Django's dummy backend, which
counts without keeping them: delivery is the outbox's job.

    .venv/bin/python bench/alerts_digests.py                      # national preset (~7 min, then ~13 to index)
    .venv/bin/python bench/alerts_digests.py --organisations 300000 --accounts 50000
    .venv/bin/python bench/alerts_digests.py --reuse             # measure again on the generated data

Only the local database is touched; nothing is sent over the network.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NEEDS = [
    "rompre la solitude de nos aînés",
    "aide aux devoirs pour les collégiens",
    "jardin partagé",
    "insertion des jeunes sans emploi",
    "épicerie solidaire",
    "mobilité des personnes sans voiture",
    "accès aux soins en milieu rural",
    "rénovation énergétique des logements",
    "animation du centre-bourg",
    "accompagnement numérique des démarches",
]
FRAGILITIES = [
    "emploi",
    "jeunesse",
    "vieillissement",
    "isolement",
    "sante",
    "logement",
    "mobilite",
    "alimentation",
    "climat-energie",
    "biodiversite",
    "culture",
    "inclusion-numerique",
    "education",
    "economie-locale",
    "centre-bourg",
    "handicap",
]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=200_000)
    parser.add_argument("--share", type=float, default=0.10, help="part des comptes qui ont des alertes")
    parser.add_argument("--organisations", type=int, default=1_900_000)
    parser.add_argument("--new-organisations", type=int, default=3_000)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'var' / 'bench' / 'alerts.sqlite3'}")
    parser.add_argument("--reuse", action="store_true", help="ne pas régénérer : mesurer sur la base existante")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child process
    return parser.parse_args(argv)


def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["EMAIL_URL"] = "dummymail://"
    import django

    django.setup()


def generate(args: argparse.Namespace) -> dict:
    from datetime import timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    started = time.monotonic()
    if args.database_url.startswith("sqlite:///"):
        path = Path(args.database_url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=0)
    rng = random.Random(args.seed)
    now = timezone.now()
    long_ago, yesterday, today = now - timedelta(days=60), now - timedelta(days=1), now - timedelta(hours=6)

    from alliances.accounts.models import User
    from alliances.actors.models import Organisation
    from alliances.alerts.enums import AlertKind, Frequency
    from alliances.alerts.models import Alert
    from alliances.alerts.searches import kind_of
    from alliances.catalysts.models import CatalystProfile
    from alliances.partnerships.models import Alliance, HistoryEntry
    from alliances.practices.models import Practice, PracticeTag
    from alliances.resources.models import Event
    from alliances.territories.models import Territory

    communes = list(
        Territory.objects.current_communes().values_list(
            "pk", "code", "population", "departement__code", "region__code"
        )
    )
    weights = [max(population or 0, 50) for _, _, population, _, _ in communes]
    print(f"référentiel : {len(communes)} communes ({time.monotonic() - started:.0f} s)", flush=True)

    from bench.bulk import insert_rows, prepared

    def organisations(count: int, prefix: str, created_at) -> None:
        # Raw inserts (bench/bulk.py): the ORM's bulk_create took ~10 min for 300,000 under load.
        at = prepared(Organisation, "created_at", created_at)
        chosen = rng.choices(communes, weights=weights, k=count)
        insert_rows(
            Organisation,
            ["kind", "name", "commune_id", "register_object", "created_at", "updated_at"],
            (
                (
                    "association" if n % 3 else "entreprise",
                    f"{prefix} {n} {rng.choice(FRAGILITIES)}",
                    pk,
                    f"{rng.choice(NEEDS)} et {rng.choice(NEEDS)}",
                    at,
                    at,
                )
                for n, (pk, *_rest) in enumerate(chosen)
            ),
        )

    organisations(args.organisations, "Association fictive", long_ago)
    index_organisations()
    print(f"organisations : {args.organisations} ({time.monotonic() - started:.0f} s)", flush=True)

    insert_rows(
        User,
        ["email", "password", "display_name"],
        ((f"compte{n}@bench.invalid", "", f"Compte {n}") for n in range(args.accounts)),
    )
    user_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    print(f"comptes : {len(user_ids)} ({time.monotonic() - started:.0f} s)", flush=True)

    def practices(count: int, published_at) -> None:
        created = Practice.objects.bulk_create(
            [
                Practice(
                    title=f"Pratique {n}",
                    summary="Résumé.",
                    status="publiee",
                    published_at=published_at,
                    contributor_id=user_ids[0],
                )
                for n in range(count)
            ],
            batch_size=5_000,
        )
        tags = []
        for practice in created:
            for fragility in rng.sample(FRAGILITIES, 2):
                tags.append(PracticeTag(practice=practice, tag=f"fragilite:{fragility}"))
            tags.append(PracticeTag(practice=practice, tag=f"odd:{rng.randint(1, 17)}"))
            tags.append(PracticeTag(practice=practice, tag=f"region:{rng.choice(communes)[4]}"))
        PracticeTag.objects.bulk_create(tags, batch_size=10_000)

    practices(20_000, long_ago)
    events = [
        Event(
            kind=rng.choice(["atelier", "conference", "webinaire"]),
            title=f"Événement {n}",
            slug=f"evenement-{n}",
            summary="Résumé.",
            starts_at=now + timedelta(days=rng.randint(1, 120)),
            organiser="Organisateur fictif",
            status="publie",
            published_at=long_ago,
        )
        for n in range(505)
    ]
    Event.objects.bulk_create(events)
    departements = dict(Territory.objects.departements().values_list("code", "pk"))
    catalyst_users = User.objects.bulk_create(
        [User(email=f"catalyseur{n}@bench.invalid", password="") for n in range(352)]
    )
    profiles = CatalystProfile.objects.bulk_create(
        [
            CatalystProfile(
                user=user,
                name=f"Catalyseur {n}",
                bio="Accompagne des démarches.",
                metiers=["accompagnement"],
                themes=["vieillissement"],
                languages=["fr"],
                status="valide",
                moderated_at=long_ago,
            )
            for n, user in enumerate(catalyst_users)
        ]
    )
    Through = CatalystProfile.territories.through
    Through.objects.bulk_create(
        [Through(catalystprofile_id=p.pk, territory_id=rng.choice(list(departements.values()))) for p in profiles]
    )
    alliances = Alliance.objects.bulk_create(
        [
            Alliance(
                title=f"Alliance {n}",
                problem="Un problème.",
                territory_id=rng.choices(communes, weights=weights)[0][0],
                lead_organisation_name="Mairie fictive",
                visibility="public",
            )
            for n in range(2_000)
        ]
    )
    print(f"pratiques, événements, catalyseurs, alliances ({time.monotonic() - started:.0f} s)", flush=True)

    # The alerts, saved "yesterday" through the registry's canonical form (as the page saves them).
    from django.http import QueryDict

    # The départements the pages' forms accept (an overseas collectivity, 988, is refused): ~100 forms.
    known = {
        code
        for code in departements
        if kind_of("acteurs").canonical(QueryDict(f"territoire=departement:{code}"))
        and kind_of("catalyseurs").canonical(QueryDict(f"territoire=departement:{code}"))
    }

    def commune_ref() -> tuple[str, str]:
        _, code, _, departement, _ = rng.choices(communes, weights=weights)[0]
        return code, departement

    canonical: dict[tuple[str, str], str] = {}

    def saved(page: str, query: str) -> str:
        """The stored form of a search, through its page's form (as when it is saved): for the few
        distinct searches of the pages without a territory; the others are written directly."""
        key = (page, query)
        if key not in canonical:
            canonical[key] = kind_of(page).canonical(QueryDict(query)) or ""
        return canonical[key]

    def with_territory(pairs: list[tuple[str, str]]) -> str:
        # The canonical form (SearchKind.canonical): the form's keys sorted, the territory as its
        # reference; checked against the page's form on a sample below. Going through the form for
        # each of the ~10,000 distinct territorial searches took more than 10 min under load.
        return urlencode(sorted(pairs))

    territory_pks = {code: pk for pk, code, *_ in communes}
    alerts = []
    people = rng.sample(user_ids, int(len(user_ids) * args.share))
    for user_id in people:
        for _ in range(rng.randint(1, 3)):
            draw = rng.random()
            code, departement = commune_ref()
            alert = Alert(user_id=user_id, kind=AlertKind.SEARCH, frequency=Frequency.DAILY, label="Alerte")
            if draw < 0.45:
                commune_only = rng.random() < 0.8 or departement not in known
                where = f"commune:{code}" if commune_only else f"departement:{departement}"
                pairs = [("territoire", where)]
                if rng.random() < 0.5:
                    pairs.append(("type", rng.choice(["association", "entreprise"])))
                alert.search_kind, alert.query = "acteurs", with_territory(pairs)
            elif draw < 0.60:
                query = f"fragilite={rng.choice(FRAGILITIES)}" + (
                    f"&odd={rng.randint(1, 17)}" if rng.random() < 0.3 else ""
                )
                alert.search_kind, alert.query = "pratiques", saved("pratiques", query)
            elif draw < 0.75:
                alert.kind, alert.territory_id = AlertKind.TERRITORY, territory_pks[code]
            elif draw < 0.85:
                alert.search_kind = "besoin"
                alert.query = with_territory([("besoin", rng.choice(NEEDS)), ("territoire", f"commune:{code}")])
            elif draw < 0.90:
                alert.search_kind = "evenements"
                alert.query = saved("evenements", f"type={rng.choice(['atelier', 'conference', 'webinaire'])}")
            elif draw < 0.95:
                alert.search_kind = "catalyseurs"
                where = f"departement:{departement}" if departement in known else f"commune:{code}"
                alert.query = with_territory([("territoire", where)])
            else:
                alert.kind, alert.alliance_id = AlertKind.ALLIANCE, rng.choice(alliances).pk
            alerts.append(alert)
    # The directly written forms are the pages' own (a wrong one would make an alert find nothing).
    for alert in rng.sample([a for a in alerts if a.kind == AlertKind.SEARCH], min(300, len(alerts))):
        expected = kind_of(alert.search_kind).canonical(QueryDict(alert.query))
        assert expected == alert.query, (alert.search_kind, alert.query, expected)
    Alert.objects.bulk_create(alerts, batch_size=10_000)
    Alert.objects.update(created_at=yesterday)
    print(f"alertes : {len(alerts)} pour {len(people)} comptes ({time.monotonic() - started:.0f} s)", flush=True)

    # What appears "today".
    organisations(args.new_organisations, "Nouvelle association", today)
    index_organisations()
    practices(30, today)
    Event.objects.filter(slug__in=[f"evenement-{n}" for n in range(500, 505)]).update(published_at=today)
    CatalystProfile.objects.filter(pk__in=[p.pk for p in profiles[-2:]]).update(moderated_at=today)
    followed = list(Alert.objects.filter(kind=AlertKind.ALLIANCE).values_list("alliance_id", flat=True).distinct())
    HistoryEntry.objects.bulk_create(
        [
            HistoryEntry(alliance_id=rng.choice(followed or [alliances[0].pk]), at=today, action="a changé d'étape")
            for _ in range(300)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    summary = {
        "accounts": args.accounts,
        "people_with_alerts": len(people),
        "alerts": len(alerts),
        "organisations": args.organisations + args.new_organisations,
        "new_organisations": args.new_organisations,
        "generated_in_s": round(time.monotonic() - started),
    }
    print(json.dumps(summary), flush=True)
    return summary


def index_organisations(batch: int = 10_000) -> None:
    """Write the search documents of the organisations not yet indexed, as import_rna and
    import_sirene do for theirs: the need search and the directory's text search read the index
    (without it, every need search read its whole intercommunality)."""
    from django.db import connection

    from alliances.actors.indexing import SEARCH_KIND, organisations_reindex_ids
    from alliances.actors.models import Organisation
    from alliances.core.models import SearchDocument

    started = time.monotonic()
    last = SearchDocument.objects.filter(kind=SEARCH_KIND).order_by("-object_id").values_list("object_id", flat=True)
    after = last.first() or 0
    ids = list(Organisation.objects.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        organisations_reindex_ids(ids[start : start + batch])
    if connection.vendor == "sqlite":
        connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"index de recherche : {len(ids)} organisations ({time.monotonic() - started:.0f} s)", flush=True)


def measure() -> dict:
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from alliances.alerts.enums import Frequency
    from alliances.alerts.models import Alert, DigestRun, DigestSent
    from alliances.alerts.services import digests_send
    from bench.memory import peak_rss_mb

    # Measure again on the same data (--reuse): the run of the day is forgotten.
    DigestSent.objects.all().delete()
    DigestRun.objects.all().delete()
    DBTaskResult.objects.all().delete()  # the outbox: the emails queued by a previous measure
    Alert.objects.update(last_sent_at=None)
    # Baselines of the same process: its memory once set up (Django, the need search's word vectors),
    # and the time to only read every active alert with its account (the floor of any run).
    from alliances.core.search.semantic import word_vectors

    word_vectors()
    rss_setup = peak_rss_mb()
    started = time.monotonic()
    read = sum(1 for _ in Alert.objects.filter(frequency=Frequency.DAILY).select_related("user").iterator(5000))
    read_s = time.monotonic() - started
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    wall, cpu = time.monotonic(), time.process_time()
    with connection.execute_wrapper(count):
        report = digests_send(frequency=Frequency.DAILY, now=timezone.now() + timedelta(seconds=1))
    result = {
        "wall_s": round(time.monotonic() - wall, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
        "peak_rss_mb": round(peak_rss_mb()),
        "baseline_rss_after_setup_mb": round(rss_setup),
        "baseline_read_alerts_s": round(read_s, 1),
        "baseline_alerts_read": read,
        "queries": queries,
        "people": report.people,
        "digests": report.digests,
        "items": report.items,
        "distinct_searches": report.searches,
        "failures": report.failures,
        "emails_queued": DBTaskResult.objects.count(),  # the outbox the worker delivers from
        "database": connection.vendor,
    }
    return result


def main(argv=None) -> None:
    args = parse_args(argv)
    _django(args.database_url)
    if args.measure:
        print(json.dumps(measure()))
        return
    if not args.reuse:
        generate(args)
    load = os.getloadavg()
    child = subprocess.run(
        [sys.executable, __file__, "--measure", "--database-url", args.database_url],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DEBUG": "false"},
    )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    result["load_before"] = [round(x, 1) for x in load]
    result["load_after"] = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
