"""Realistic mix of what officials do on the platform, for `bench/load.py` (Locust, headless).

Each task is named after the page it measures, so that the report has one line per endpoint;
`bonjour` is the machine's baseline (a Django view that does nothing).
"""

import random

from locust import HttpUser, between, task

COMMUNES = ["48095", "48061", "48080", "69123", "42218", "75056", "35238"]
QUERIES = ["mende", "saint etienne", "48000", "lyon", "rennes", "florac"]
TEXTS = ["jeunesse emploi", "mobilité", "alimentation", "sport", "culture", "vieillissement"]


class Official(HttpUser):
    wait_time = between(0.0, 0.2)

    @task(2)
    def bonjour(self):
        self.client.get("/_bonjour", name="bonjour (référence)")

    @task(3)
    def home(self):
        self.client.get("/", name="accueil")

    @task(4)
    def territory_search(self):
        self.client.get(f"/territoires/suggestions/?q={random.choice(QUERIES)}", name="suggestions de territoires")
        self.client.get(f"/api/v1/territoires?q={random.choice(QUERIES)}", name="API territoires")

    @task(4)
    def territory_page(self):
        self.client.get(f"/territoires/commune/{random.choice(COMMUNES)}/", name="page de territoire (portrait)")

    @task(3)
    def practices(self):
        self.client.get(f"/pratiques/?q={random.choice(TEXTS)}&odd=8", name="pratiques (texte + facette)")
        self.client.get("/api/v1/pratiques?limit=20", name="API pratiques")

    @task(3)
    def actors(self):
        self.client.get(f"/acteurs/?departement=48&q={random.choice(TEXTS)}", name="annuaire des acteurs")
        self.client.get("/api/v1/acteurs?departement=48&limit=20", name="API acteurs")

    @task(2)
    def catalysts(self):
        self.client.get(f"/catalyseurs/?territoire=commune:{random.choice(COMMUNES)}", name="catalyseurs proches")

    @task(1)
    def observatory(self):
        self.client.get("/observatoire/", name="observatoire national")

    @task(1)
    def commune_api(self):
        self.client.get(f"/api/v1/communes/{random.choice(COMMUNES)}", name="API commune")
