"""The alliances' list benchmark (bench/partnerships_lists.py) runs: its generator and its measures."""

import random

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from alliances.partnerships.models import Alliance, Membership
from alliances.territories.models import Territory

pytestmark = pytest.mark.django_db


def test_the_benchmark_generates_alliances_and_measures_every_list():
    from bench import partnerships_lists as bench

    User = get_user_model()
    me = User.objects.create(email="moi@bench.invalid")
    pilots = User.objects.bulk_create([User(email=f"p{i}@bench.invalid") for i in range(5)])
    communes = list(Territory.objects.current_communes().filter(departement__code="48").values_list("pk", flat=True))
    bench.generate(0, 30, random.Random(1), me=me, pilots=pilots, communes=communes, mine=7)
    assert Alliance.objects.count() == 30 and Membership.objects.filter(user=me).count() == 7
    client = Client()
    client.force_login(me)
    rows: list = []
    bench.REPEAT = 2
    bench.measure(client, "mes alliances", "/alliances/", rows)
    bench.measure(Client(), "API", "/api/v1/alliances?territoire=region:76&odd=8&etape=agir", rows)
    assert [r[0] for r in rows] == ["mes alliances", "API"] and all(r[5] > 0 for r in rows)
