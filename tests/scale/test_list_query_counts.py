"""Query counts of every list page and list API: the same with 2 items as with 20 (no N+1).

The data comes from the benchmark generator itself (bench/scale): organisations through the
real RNA import of a synthetic waldec file, practices, alliances (members, commitments,
meetings, indicators), catalysts and self-assessments through the apps' services; resources
and events from the resource centre's factories. Everything sits in Mende (48095) and Lozère, so
that every section of the territory pages has items to list. Each page is requested once
with 2 items of each kind, then with 20: a page whose count grows makes one query per item.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.territories.models import Territory
from bench.scale import apps as generated
from bench.scale.files import Commune, write_rna

pytestmark = pytest.mark.django_db

SEED = 11
# (label, URL, signed in?, most queries allowed with 20 items of each kind)
PAGES = [
    ("accueil", "/", False, 40),
    ("recherche globale", "/recherche/?q=mende", False, 40),
    ("page de commune", "/territoires/commune/48095/", False, 60),
    ("page de département", "/territoires/departement/48/", False, 60),
    ("communes d'un département", "/territoires/departement/48/communes/", False, 30),
    ("portrait", "/territoires/commune/48095/portrait/", False, 40),
    ("pratiques", "/pratiques/", False, 30),
    ("pratiques (texte + facettes)", "/pratiques/?q=banc&odd=17", False, 30),
    ("annuaire des acteurs", "/acteurs/?territoire=departement:48", False, 30),
    ("annuaire des acteurs (texte)", "/acteurs/?territoire=commune:48095&q=association", False, 30),
    ("catalyseurs", "/catalyseurs/", False, 30),
    ("catalyseurs proches", "/catalyseurs/?territoire=commune:48095", False, 30),
    ("réseau des catalyseurs", "/catalyseurs/reseau/", False, 30),
    ("tableau de bord des alliances", "/alliances/", True, 40),
    ("autodiagnostic", "/autodiagnostic/", True, 30),
    ("ressources", "/ressources/", False, 30),
    ("événements", "/ressources/evenements/", False, 30),
    ("observatoire", "/observatoire/", False, 40),
    ("observatoire départemental", "/observatoire/departement/48/", False, 40),
    ("API acteurs", "/api/v1/acteurs?departement=48&limit=50", False, 20),
    ("API pratiques", "/api/v1/pratiques?limit=50", False, 20),
    ("API alliances", "/api/v1/alliances?territoire=departement:48&limit=50", False, 20),
    ("API catalyseurs", "/api/v1/catalyseurs?territoire=commune:48095", False, 20),
    ("API ressources", "/api/v1/ressources", False, 20),
    ("API événements", "/api/v1/evenements", False, 20),
]


class Dataset:
    """Grows every kind of content to a given number of items (never shrinks)."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.mende = Territory.objects.current_communes().get(code="48095")
        self.lozere = Territory.objects.departements().get(code="48")
        self.communes = [self.mende]
        self.user_ids = generated.load_users(25, SEED)
        from django.contrib.auth import get_user_model

        User = get_user_model()
        self.member = User.objects.get(pk=self.user_ids[0])
        self.moderator = User.objects.get(pk=self.user_ids[-1])
        from alliances.accounts.enums import Role
        from alliances.accounts.services import role_grant

        role_grant(user=self.moderator, role=Role.MODERATOR)

    def grow(self, n: int) -> None:
        from alliances.actors.imports import rna_import
        from alliances.resources.models import MethodStep
        from alliances.sdg.models import Sdg
        from tests.resources.factories import EventFactory, KitFactory, ResourceFactory

        path = self.tmp_path / f"rna-{n}.csv"
        write_rna(path, [(Commune("48095", "Mende", "48000", 12000), n)], SEED)
        rna_import(source=str(path), rejects_path=self.tmp_path / f"rejets-{n}.csv")
        generated.load_practices(n, SEED, communes=self.communes, contributor=self.member)
        # Two accounts in every alliance: the signed-in member sees all of them on the dashboard.
        generated.load_alliances(n, SEED, communes=self.communes, user_ids=self.user_ids[:2])
        generated.load_catalysts(
            n, SEED, user_ids=self.user_ids[2:-1], territories=[self.mende, self.lozere], moderator=self.moderator
        )
        generated.load_assessments(n, SEED, communes=self.communes, user_ids=[self.member.pk])
        from alliances.resources.models import Event, Resource

        sdgs = list(Sdg.objects.order_by("pk")[:3])
        steps = list(MethodStep.objects.all()[:2])
        for i in range(Resource.objects.count(), n):
            resource = (KitFactory if i % 2 else ResourceFactory)()
            resource.sdgs.set(sdgs)
            resource.steps.set(steps)
        for _ in range(Event.objects.count(), n):
            EventFactory().sdgs.set(sdgs)


def _count(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} : {response.status_code}"
    return len(queries)


def test_list_pages_make_as_many_queries_for_20_items_as_for_2(client, tmp_path, django_assert_max_num_queries):
    data = Dataset(tmp_path)
    member_client = client.__class__()
    member_client.force_login(data.member)
    clients = {False: client, True: member_client}

    data.grow(2)
    small = {label: _count(clients[signed_in], url) for label, url, signed_in, _ in PAGES}
    data.grow(20)
    large = {}
    for label, url, signed_in, most in PAGES:
        cache.clear()
        with django_assert_max_num_queries(most):
            large[label] = _count(clients[signed_in], url)

    grown = {label: (small[label], large[label]) for label in small if large[label] != small[label]}
    assert not grown, "requêtes qui croissent avec le nombre d'éléments (2 → 20) : " + "; ".join(
        f"{label} {before} → {after}" for label, (before, after) in grown.items()
    )
