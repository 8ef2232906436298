"""Realistic mix of what officials do on the platform, for `bench/load.py` (Locust, headless).

Each request is named after the page it measures, so that the report has one line per endpoint;
`bonjour` is the machine's baseline (a Django view that does nothing). The name also travels in
an `X-Bench-Name` header that Gunicorn writes to its access log with the server time, so that
`bench/load.py` reports the server's own time next to the client's.

Two kinds of visitors:
- `Visitor` (anonymous, most of the traffic): home, territory search, territory page and
  portrait, practice search with facets, actor directory, catalyst finder, observatory, API;
- `Member` (signed in through the real login form): alliance dashboard, an alliance page, its
  workspace, and a form post (a note in the alliance's journal).

Two profiles (`BENCH_THINK`, set by `bench/load.py --think`):
- *saturation* (default, `BENCH_THINK` unset): almost no pause between requests (0–0.2 s for
  visitors, 0–0.3 s for members): 20 such clients keep every Gunicorn worker busy all the time,
  so the run measures throughput and what a request costs under full contention;
- *users* (`BENCH_THINK=1-5`): each client pauses 1 to 5 s between pages, as a person reading
  them does (what Locust users normally model): the run measures what 20 concurrent officials see.

Territories and accounts come from the manifest of `bench/generate` (`BENCH_MANIFEST`); without
one, the communes of the demo are used and members are skipped.
"""

from __future__ import annotations

import json
import os
import random
import re
from itertools import count
from pathlib import Path

from locust import HttpUser, between, task

MANIFEST = (
    json.loads(Path(os.environ["BENCH_MANIFEST"]).read_text(encoding="utf-8"))
    if os.environ.get("BENCH_MANIFEST")
    else {}
)
COMMUNES = MANIFEST.get("communes") or ["48095", "48061", "48080", "69123", "42218", "75056", "35238"]
DEPARTEMENTS = sorted({c[:3] if c.startswith("97") else c[:2] for c in COMMUNES})
MEMBERS = MANIFEST.get("members") or []
PASSWORD = os.environ.get("BENCH_PASSWORD", "banc-de-mesure-2026")
QUERIES = ["mende", "saint", "48000", "lyon", "florac", "marvejols", "rennes"]
TEXTS = ["jeunesse emploi", "mobilité", "alimentation", "sport", "culture", "personnes âgées", "club"]
FRAGILITIES = ["emploi", "jeunesse", "vieillissement", "mobilite", "alimentation", "sante"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Behind the reverse proxy that terminates TLS (what production looks like): the app is told the
# request was HTTPS, so its secure cookies and HSTS behave as in production.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
_member_numbers = count()


def _think_time(default_min: float, default_max: float):
    """Locust wait time: `BENCH_THINK=min-max` (seconds) if set, else the saturation default."""
    think = os.environ.get("BENCH_THINK", "").strip()
    if not think:
        return between(default_min, default_max)
    low, _, high = think.partition("-")
    return between(float(low), float(high or low))


class Visitor(HttpUser):
    weight = 4
    wait_time = _think_time(0.0, 0.2)

    def get(self, url: str, name: str):
        return self.client.get(url, name=name, headers={**PROXY_HEADERS, "X-Bench-Name": name})

    @task(2)
    def bonjour(self):
        self.get("/_bonjour", "bonjour (référence)")

    @task(3)
    def home(self):
        self.get("/", "accueil")

    @task(4)
    def territory_search(self):
        self.get(f"/territoires/suggestions/?q={random.choice(QUERIES)}", "suggestions de territoires")
        self.get(f"/api/v1/territoires?q={random.choice(QUERIES)}", "API territoires")

    @task(4)
    def territory_page(self):
        commune = random.choice(COMMUNES)
        self.get(f"/territoires/commune/{commune}/", "page de territoire")
        self.get(f"/territoires/commune/{commune}/portrait/", "portrait de territoire")

    @task(3)
    def practices(self):
        self.get(
            f"/pratiques/?q={random.choice(TEXTS)}&odd=17&fragilite={random.choice(FRAGILITIES)}",
            "pratiques (texte + facettes)",
        )
        self.get(f"/api/v1/pratiques?limit=20&odd={random.randint(1, 17)}", "API pratiques")

    @task(3)
    def actors(self):
        departement = random.choice(DEPARTEMENTS)
        self.get(f"/acteurs/?territoire=departement:{departement}&q={random.choice(TEXTS)}", "annuaire des acteurs")
        self.get(f"/acteurs/?territoire=commune:{random.choice(COMMUNES)}", "annuaire des acteurs (commune)")
        self.get(f"/api/v1/acteurs?departement={departement}&limit=20", "API acteurs")

    @task(2)
    def catalysts(self):
        self.get(f"/catalyseurs/?territoire=commune:{random.choice(COMMUNES)}", "catalyseurs proches")
        self.get(f"/api/v1/catalyseurs?territoire=commune:{random.choice(COMMUNES)}", "API catalyseurs")

    @task(1)
    def observatory(self):
        self.get("/observatoire/", "observatoire national")
        self.get(f"/observatoire/departement/{random.choice(DEPARTEMENTS)}/", "observatoire départemental")

    @task(1)
    def commune_api(self):
        self.get(f"/api/v1/communes/{random.choice(COMMUNES)}", "API commune")
        self.get(f"/api/v1/alliances?territoire=departement:{random.choice(DEPARTEMENTS)}", "API alliances")


class Member(HttpUser):
    """A signed-in pilot of an alliance: one account per simulated user (signing in once)."""

    weight = 1
    abstract = not MEMBERS  # no generated accounts (demo database): anonymous visitors only
    wait_time = _think_time(0.0, 0.3)

    def get(self, url: str, name: str):
        response = self.client.get(url, name=name, headers={**PROXY_HEADERS, "X-Bench-Name": name})
        self._plain_cookies()
        return response

    def _plain_cookies(self):
        # The proxy speaks HTTPS to the browser; on the loopback the client must send the cookies
        # the app marked Secure, as the proxy would pass them on.
        for cookie in self.client.cookies:
            cookie.secure = False

    def _post(self, url: str, data: dict, name: str) -> None:
        """Post a form as a browser does (CSRF token, Referer); anything but a redirect is a failure."""
        referer = f"https://{self.host.split('://')[-1]}{url}"
        with self.client.post(
            url,
            data=data,
            name=name,
            allow_redirects=False,
            catch_response=True,
            headers={**PROXY_HEADERS, "X-Bench-Name": name, "Referer": referer},
        ) as response:
            if response.status_code != 302:
                response.failure(f"formulaire refusé ({response.status_code})")
        self._plain_cookies()

    def on_start(self):
        self.account = MEMBERS[next(_member_numbers) % len(MEMBERS)]
        page = self.get("/compte/login/", "connexion (formulaire)")
        token = CSRF.search(page.text)
        self._post(
            "/compte/login/",
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "login": self.account["email"],
                "password": PASSWORD,
            },
            "connexion (envoi)",
        )

    @task(3)
    def dashboard(self):
        self.get("/alliances/", "tableau de bord des alliances (connecté)")

    @task(3)
    def alliance(self):
        self.get(f"/alliances/{self.account['alliance']}/", "page d'une alliance (membre)")

    @task(2)
    def workspace(self):
        self.get(f"/alliances/{self.account['alliance']}/espace/agir/", "espace de travail « agir » (membre)")

    @task(1)
    def journal_post(self):
        url = f"/alliances/{self.account['alliance']}/journal/nouveau/"
        page = self.get(url, "note au journal (formulaire)")
        token = CSRF.search(page.text)
        self._post(
            url,
            {
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "text": "Point d'étape du banc de mesure (fictif).",
            },
            "note au journal (envoi)",
        )
