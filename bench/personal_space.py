"""Benchmark: /mon-espace/ (the signed-in person's home) at national volumes, p95 per profile.

A full national base (`bench/run --preset national`) takes more than an hour to generate. This
script bulk-builds only what the page reads, at national volumes, in its own database
(PostgreSQL by default: `--database-url`, dropped and created again unless `--reuse`):

- the official referential of territories (communes, EPCI, départements, régions);
- `--organisations` organisations (1.9 million: the RNA's associations) spread over the communes
  by population: the page reads the person's organisations by their membership, the alliances
  led by one, the moderators' count of organisations waiting to be listed (a partial index);
- `--accounts` accounts (200,000) with their confirmed address, 5 notifications each (1 unread
  in 5: the header's count);
- 20,000 published practices, tagged as the practices' own generator tags them (the "territoires
  comme le mien" block groups the tags);
- `--alliances` alliances (100,000) on communes drawn by population, 60 % public, 10 % with an
  open call for partners, each with a pilot and 1 to 5 members drawn among two thirds of the
  accounts, 4 actions (some late), 2 meetings (one to come), 3 SDGs; 20,000 pending requests to
  join, 10,000 invitations;
- 505 events, 350 catalysts with 5 contact requests each; a moderation queue (claims, links,
  organisations to list, practices, catalyst profiles).

Four profiles are measured, each its own account: the élue of a large commune (Lyon: the most
alliances and calls around it), the director of an association of Marseille (member of its
organisation, themes, alliances it leads), a catalyst (15 alliances, more than the page shows,
open contact requests) and a moderator (the queue). For each, GET /mon-espace/ through Django's
test client (middleware, session, view, template) `--repeat` times after a warm-up, the
cache cleared before each request; p50 / p95 / max of wall time, and the SQL queries of the
page (count and time). Baseline in the same run: the home page `/` (anonymous, then signed in).

    .venv/bin/python bench/personal_space.py                 # PostgreSQL, national volumes
    .venv/bin/python bench/personal_space.py --reuse         # measure again on the generated data
    .venv/bin/python bench/personal_space.py --sql           # also the slowest queries of each profile

Only the local database is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://alliances:alliances@127.0.0.1:5432/bench_personal_space"
PROFILES = {
    "élue de Lyon": "elue@bench.invalid",
    "directrice d'association (Marseille)": "directrice@bench.invalid",
    "catalyseur": "catalyseur@bench.invalid",
    "modératrice": "moderatrice@bench.invalid",
}
FRAGILITIES = ["emploi", "jeunesse", "vieillissement", "isolement", "sante", "logement", "mobilite", "alimentation"]


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=200_000)
    parser.add_argument("--alliances", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=1_900_000)
    parser.add_argument("--practices", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--reuse", action="store_true", help="ne pas régénérer : mesurer sur la base existante")
    parser.add_argument("--sql", action="store_true", help="les requêtes les plus lentes de chaque profil")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child process
    return parser.parse_args(argv)


def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["EMAIL_URL"] = "dummymail://"
    import django

    django.setup()


def _fresh_database(url: str) -> None:
    """An empty database: the SQLite file removed, or the PostgreSQL database dropped and created."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def generate(args: argparse.Namespace) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.bulk import insert_rows, prepared

    started = time.monotonic()
    rng = random.Random(args.seed)
    call_command("migrate", verbosity=0)
    call_command("load_territories", verbosity=0)

    from allauth.account.models import EmailAddress

    from alliances.accounts.enums import Role
    from alliances.accounts.services import role_grant
    from alliances.actors.enums import ClaimMethod, ClaimStatus, CollectiviteRole, ListingStatus
    from alliances.actors.models import CollectiviteLink, Organisation, OrganisationClaim, Theme
    from alliances.alerts.models import Notification
    from alliances.catalysts.models import CatalystProfile, ContactRequest
    from alliances.partnerships.enums import ActionStatus, MemberRole, RequestStatus
    from alliances.partnerships.models import ActionItem, Alliance, Invitation, JoinRequest, Meeting, Membership
    from alliances.practices.models import Practice
    from alliances.resources.models import Event
    from alliances.territories.models import Territory

    User = get_user_model()
    now = timezone.now()
    today = timezone.localdate()

    def step(label: str) -> None:
        print(f"{label} ({time.monotonic() - started:.0f} s)", flush=True)

    communes = list(Territory.objects.current_communes().values_list("pk", "code", "population"))
    weights = [max(population or 0, 50) for _, _, population in communes]
    commune_pk = {code: pk for pk, code, _ in communes}
    step(f"référentiel : {len(communes)} communes")

    # Organisations: raw inserts (bench/bulk.py), a few of them waiting to be listed (the queue).
    long_ago = prepared(Organisation, "created_at", now - timedelta(days=400))
    chosen = rng.choices(communes, weights=weights, k=args.organisations)
    insert_rows(
        Organisation,
        ["kind", "name", "commune_id", "listing", "created_at", "updated_at"],
        (
            (
                "association" if n % 3 else "entreprise",
                f"Association fictive {n}",
                pk,
                ListingStatus.PENDING if n % 10_000 == 0 else ListingStatus.LISTED,
                long_ago,
                long_ago,
            )
            for n, (pk, *_rest) in enumerate(chosen)
        ),
    )
    del chosen
    step(f"organisations : {args.organisations}")

    insert_rows(
        User,
        ["email", "password", "display_name", "is_demo"],
        ((f"compte{n}@bench.invalid", "", f"Compte {n}", True) for n in range(args.accounts)),
    )
    profiles = {email: User.objects.create_user(email=email, password="banc-banc") for email in PROFILES.values()}
    user_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
    user_emails = dict(User.objects.values_list("pk", "email"))
    insert_rows(
        EmailAddress,
        ["user_id", "email", "verified", "primary"],
        ((pk, email, True, True) for pk, email in user_emails.items()),
    )
    created = prepared(Notification, "created", now - timedelta(days=3))
    read = prepared(Notification, "read_at", now - timedelta(days=2))
    insert_rows(
        Notification,
        ["user_id", "text", "url", "created", "read_at"],
        (
            (pk, "Une nouvelle demande pour rejoindre votre alliance", "/alliances/", created, None if k == 0 else read)
            for pk in user_ids
            for k in range(5)
        ),
    )
    step(f"comptes : {len(user_ids)}, 5 notifications chacun")

    from bench.scale.apps import load_practices_bulk

    load_practices_bulk(args.practices)
    contributor = User.objects.get(email="bench@alliances.invalid")
    Practice.objects.bulk_create(  # the moderators' queue
        [
            Practice(title=f"Soumise {n}", summary="À relire.", status="soumise", contributor=contributor)
            for n in range(40)
        ]
    )
    step(f"pratiques : {Practice.objects.count()}")

    # Alliances: raw inserts, then their members, actions, meetings and SDGs.
    pool = user_ids[: len(user_ids) * 2 // 3]
    deadline = prepared(Alliance, "call_deadline", today + timedelta(days=30))
    plans = []
    territories = rng.choices(communes, weights=weights, k=args.alliances)  # one draw: weights summed once
    for n in range(args.alliances):
        commune = territories[n][0]
        fragilities = rng.sample(FRAGILITIES, 2)
        visibility = rng.choice(["public"] * 6 + ["inscrits"] * 2 + ["membres"] * 2)
        call = visibility == "public" and rng.random() < 1 / 6
        plans.append((n, commune, fragilities, visibility, call, rng.sample(pool, rng.randint(2, 6))))
    updated = [prepared(Alliance, "updated_at", now - timedelta(minutes=k)) for k in range(0, 60 * 24 * 30, 7)]
    insert_rows(
        Alliance,
        [
            "title",
            "territory_id",
            "lead_organisation_name",
            "fragilities",
            "themes",
            "visibility",
            "call_open",
            "call_deadline",
            "created_by_id",
            "updated_at",
            "is_demo",
        ],
        (
            (
                f"Alliance {n} (banc)",
                commune,
                "Mairie fictive",
                prepared(Alliance, "fragilities", fragilities),
                ", ".join(fragilities),
                visibility,
                call,
                deadline if call else None,
                people[0],
                rng.choice(updated),
                True,
            )
            for n, commune, fragilities, visibility, call, people in plans
        ),
    )
    alliance_ids = list(Alliance.objects.order_by("pk").values_list("pk", flat=True))
    insert_rows(
        Membership,
        ["alliance_id", "user_id", "role", "organisation_name"],
        (
            (pk, person, MemberRole.PILOT if i == 0 else MemberRole.PARTNER, "Partenaire fictif")
            for pk, plan in zip(alliance_ids, plans, strict=True)
            for i, person in enumerate(plan[5])
        ),
    )
    late, soon = today - timedelta(days=10), today + timedelta(days=20)
    insert_rows(
        ActionItem,
        ["alliance_id", "title", "due_date", "status"],
        (
            (
                pk,
                f"Action {k}",
                late if k < 2 else soon,
                [ActionStatus.TODO, ActionStatus.DOING, ActionStatus.DONE][k % 3],
            )
            for pk in alliance_ids
            for k in range(4)
        ),
    )
    past = prepared(Meeting, "date", now - timedelta(days=15))
    future = prepared(Meeting, "date", now + timedelta(days=12))
    insert_rows(
        Meeting,
        ["alliance_id", "title", "date"],
        ((pk, title, at) for pk in alliance_ids for title, at in (("Comité", past), ("Comité suivant", future))),
    )
    SdgLink = Alliance.sdgs.through
    insert_rows(
        SdgLink,
        ["alliance_id", "sdg_id"],
        ((pk, sdg) for pk in alliance_ids for sdg in {*rng.sample(range(1, 17), 2), 17}),
    )
    insert_rows(
        JoinRequest,
        ["alliance_id", "user_id", "organisation_name", "status"],
        (
            (rng.choice(alliance_ids), rng.choice(user_ids), "Association fictive", RequestStatus.PENDING)
            for _ in range(20_000)
        ),
    )
    expires = prepared(Invitation, "expires_at", now + timedelta(days=10))
    insert_rows(
        Invitation,
        ["alliance_id", "email", "organisation_name", "nonce", "expires_at"],
        (
            (
                rng.choice(alliance_ids),
                f"compte{rng.randrange(args.accounts)}@bench.invalid",
                "Fictive",
                f"n{k}",
                expires,
            )
            for k in range(10_000)
        ),
    )
    step(f"alliances : {len(alliance_ids)} avec membres, actions, réunions, ODD, demandes, invitations")

    events = [
        Event(
            kind=rng.choice(["atelier", "conference", "webinaire"]),
            title=f"Événement {n}",
            slug=f"evenement-{n}",
            summary="Résumé.",
            starts_at=now + timedelta(days=rng.randint(-60, 120)),
            organiser="Organisateur fictif",
            status="publie",
            published_at=now - timedelta(days=70),
        )
        for n in range(505)
    ]
    Event.objects.bulk_create(events)
    departements = list(Territory.objects.departements().values_list("pk", flat=True))
    others = User.objects.filter(pk__in=user_ids[:-4][-349:])  # the 4 profiles are the last accounts
    catalyst_users = [profiles[PROFILES["catalyseur"]], *others]
    catalysts = CatalystProfile.objects.bulk_create(
        [
            CatalystProfile(
                user=user,
                name=f"Catalyseur {n}",
                bio="Accompagne des démarches.",
                metiers=["accompagnement"],
                themes=["vieillissement"],
                languages=["fr"],
                status="valide" if n < 340 else "en_attente",
                moderated_at=now - timedelta(days=60),
            )
            for n, user in enumerate(catalyst_users)
        ]
    )
    Through = CatalystProfile.territories.through
    Through.objects.bulk_create(
        [Through(catalystprofile_id=p.pk, territory_id=rng.choice(departements)) for p in catalysts]
    )
    ContactRequest.objects.bulk_create(
        [
            ContactRequest(
                catalyst=profile,
                sender_id=rng.choice(user_ids),
                subject="Une démarche à accompagner",
                territory_id=rng.choice(departements),
                message="Bonjour, pourriez-vous nous aider ?",
                consent_share=True,
            )
            for profile in catalysts
            for _ in range(5)
        ]
    )
    step("événements, catalyseurs, demandes de contact")

    # The four profiles.
    lyon, marseille = commune_pk["69123"], commune_pk["13055"]
    elue, directrice = profiles[PROFILES["élue de Lyon"]], profiles[PROFILES["directrice d'association (Marseille)"]]
    catalyseur, moderatrice = profiles[PROFILES["catalyseur"]], profiles[PROFILES["modératrice"]]
    CollectiviteLink.objects.create(
        user=elue,
        territory_id=lyon,
        role=CollectiviteRole.ELU,
        status=ClaimStatus.APPROVED,
        method=ClaimMethod.MODERATOR,
    )
    in_lyon = list(Alliance.objects.filter(territory_id=lyon).values_list("pk", flat=True)[:4])
    in_marseille = list(
        Alliance.objects.filter(territory_id=marseille, visibility="public").values_list("pk", flat=True)[:3]
    )
    organisation = Organisation.objects.create(
        kind="association", name="Association des habitants (banc)", commune_id=marseille
    )
    organisation.members.add(directrice)
    organisation.themes.add(*Theme.objects.order_by("code")[:3])
    OrganisationClaim.objects.create(
        organisation=organisation, user=directrice, status=ClaimStatus.APPROVED, method=ClaimMethod.MODERATOR
    )
    Alliance.objects.filter(pk=in_marseille[0]).update(lead_organisation=organisation)
    memberships = [
        Membership(alliance_id=pk, user=elue, role=MemberRole.PILOT, organisation_name="Ville de Lyon")
        for pk in in_lyon
    ]
    memberships += [
        Membership(
            alliance_id=pk,
            user=directrice,
            role=MemberRole.PARTNER,
            organisation=organisation,
            organisation_name=organisation.name,
        )
        for pk in in_marseille
    ]
    memberships += [
        Membership(
            alliance_id=pk, user=catalyseur, role=MemberRole.FACILITATOR, organisation_name="Réseau des catalyseurs"
        )
        for pk in rng.sample(alliance_ids, 15)
    ]
    memberships += [
        Membership(alliance_id=pk, user=moderatrice, role=MemberRole.OBSERVER, organisation_name="Plateforme")
        for pk in rng.sample(alliance_ids, 2)
    ]
    Membership.objects.bulk_create(memberships)
    JoinRequest.objects.bulk_create(
        [JoinRequest(alliance_id=pk, user_id=rng.choice(user_ids), organisation_name="Fictive") for pk in in_lyon]
    )
    Invitation.objects.create(
        alliance_id=in_lyon[0],
        email=directrice.email,
        organisation_name=organisation.name,
        nonce="banc",
        expires_at=now + timedelta(days=5),
    )
    role_grant(user=moderatrice, role=Role.MODERATOR)
    OrganisationClaim.objects.bulk_create(
        [
            OrganisationClaim(organisation_id=pk, user_id=rng.choice(user_ids))
            for pk in Organisation.objects.order_by("pk").values_list("pk", flat=True)[:300]
        ]
    )
    CollectiviteLink.objects.bulk_create(
        [
            CollectiviteLink(
                user_id=rng.choice(user_ids), territory_id=rng.choice(communes)[0], role=CollectiviteRole.AGENT
            )
            for _ in range(200)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    summary = {
        "accounts": len(user_ids),
        "organisations": Organisation.objects.count(),
        "alliances": len(alliance_ids),
        "memberships": Membership.objects.count(),
        "practices": Practice.objects.count(),
        "notifications": Notification.objects.count(),
        "generated_in_s": round(time.monotonic() - started),
    }
    print(json.dumps(summary), flush=True)
    return summary


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(repeat: int, show_sql: bool) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    User = get_user_model()
    rows = []
    cases = [("accueil /, anonyme", None, "/"), ("accueil /, connectée (élue)", PROFILES["élue de Lyon"], "/")]
    cases += [(f"/mon-espace/, {label}", email, "/mon-espace/") for label, email in PROFILES.items()]
    for label, email, url in cases:
        client = Client()
        if email:
            client.force_login(User.objects.get(email=email))
        for _ in range(3):  # warm-up: templates compiled, connection open, the word vectors read
            assert client.get(url).status_code == 200, (label, url)
        walls, sqls, counts, slowest = [], [], [], []
        for _ in range(repeat):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                wall = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (label, response.status_code)
            walls.append(wall)
            sqls.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            counts.append(len(queries))
            slowest.append((wall, list(queries.captured_queries)))
        row = {
            "page": label,
            "n": repeat,
            "p50_ms": round(statistics.median(walls)),
            "p95_ms": round(percentile(walls, 0.95)),
            "max_ms": round(max(walls)),
            "sql_p50_ms": round(statistics.median(sqls)),
            "queries": max(counts),
        }
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        if show_sql:
            _, captured = max(slowest, key=lambda s: s[0])
            for q in sorted(captured, key=lambda q: -float(q["time"]))[:5]:
                print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:600]}", flush=True)
    return rows


def main(argv=None) -> None:
    args = parse_args(argv)
    if args.measure:
        _django(args.database_url)
        measure(args.repeat, args.sql)
        return
    if not args.reuse:
        _fresh_database(args.database_url)
    _django(args.database_url)
    if not args.reuse:
        generate(args)
    import subprocess

    load = [round(x, 1) for x in os.getloadavg()]
    command = [sys.executable, __file__, "--measure", "--database-url", args.database_url, "--repeat", str(args.repeat)]
    child = subprocess.run(
        command + (["--sql"] if args.sql else []), capture_output=True, text=True, env=os.environ.copy()
    )
    sys.stdout.write(child.stdout)
    if child.returncode:
        sys.stderr.write(child.stderr)
        raise SystemExit(child.returncode)
    print(json.dumps({"load_before": load, "load_after": [round(x, 1) for x in os.getloadavg()]}))
    rows = [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]
    print("\n| page | n | médiane / p95 / max (ms) | SQL médiane (ms) | requêtes SQL |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['page']} | {row['n']} | {row['p50_ms']} / {row['p95_ms']} / {row['max_ms']} | "
            f"{row['sql_p50_ms']} | {row['queries']} |"
        )


if __name__ == "__main__":
    main()
