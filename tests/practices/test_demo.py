"""Demo practices: at least 30, fictional, published, searchable, idempotent and removable."""

import pytest

from alliances.practices import demo, selectors
from alliances.practices.models import Practice

pytestmark = pytest.mark.django_db


def test_load_is_idempotent_and_remove_cleans_up(client):
    created = demo.load_demo()
    assert created >= 30
    assert demo.load_demo() == 0
    practices = Practice.objects.published()
    assert practices.count() == created and all(p.is_demo for p in practices)
    assert len({t.region_id for p in practices.prefetch_related("territories") for t in p.territories.all()}) >= 8
    page = selectors.practices_search(query="jeunes emploi", filters={"odd": ["8"]})
    assert page.count >= 2
    html = client.get(page.practices[0].get_absolute_url()).content.decode()
    assert "Exemple fictif — démonstration" in html and "n'existent pas" in html
    assert demo.remove_demo() == created
    assert selectors.practices_search(query="jeunes").count == 0
