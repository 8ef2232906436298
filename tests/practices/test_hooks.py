"""The practices on shared pages: "Des territoires comme le mien" and the global search."""

import pytest

from tests.practices.factories import PracticeFactory, commune, published_practice

pytestmark = pytest.mark.django_db


def test_territory_page_ranks_similar_territories_with_a_reason(client, django_assert_max_num_queries):
    # Langogne (~2 800 hab.) is like Marvejols (~4 800): same région and size band.
    near = published_practice(title="Proche", territories=[commune("48092")], fragilities=["vieillissement"])
    published_practice(title="Loin et grand", territories=[commune("69123")], fragilities=["emploi"])
    PracticeFactory(title="Brouillon voisin")
    response = client.get("/territoires/commune/48092/", {"fragilite": "vieillissement"})
    html = response.content.decode()
    assert "Des territoires comme le mien" in html
    assert html.index("Proche") < html.index("Loin et grand") if "Loin et grand" in html else "Proche" in html
    assert "Commune de 2 000 à 5 000 habitants, même région (Occitanie), même fragilité : vieillissement" in html
    assert "Brouillon voisin" not in html
    assert near.get_absolute_url() in html


def test_global_search_has_a_practices_group(client):
    published_practice(title="Navette solidaire")
    PracticeFactory(title="Navette brouillon")
    html = client.get("/recherche/", {"q": "navette"}).content.decode()
    assert "Pratiques inspirantes" in html and "Navette solidaire" in html and "Navette brouillon" not in html
