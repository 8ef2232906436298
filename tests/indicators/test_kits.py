"""The portrait's fragilities point to the resource centre's kits."""

from types import SimpleNamespace

import pytest

from alliances.core.demo import demo_load
from alliances.indicators.hooks import kits_for

pytestmark = pytest.mark.django_db


def test_unemployment_fragility_suggests_the_employment_kits():
    demo_load()
    portrait = SimpleNamespace(fragilities=[SimpleNamespace(code="taux_chomage")])
    kits = kits_for(portrait)
    assert kits, "les kits de démonstration sur l'emploi doivent être proposés"
    assert all(kit.themes.filter(code="emploi").exists() for kit in kits)


def test_no_fragility_no_kit():
    assert kits_for(SimpleNamespace(fragilities=[])) == []
