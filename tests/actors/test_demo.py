import pytest

from alliances.actors.demo import DEMO_ORGANISATIONS, load_demo, remove_demo
from alliances.actors.models import Organisation

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_labelled_and_removable(client):
    assert load_demo() == len(DEMO_ORGANISATIONS)
    assert load_demo() == 0
    assert Organisation.objects.filter(is_demo=False).count() == 0
    org = Organisation.objects.get(name__startswith="Les Jardins Partagés du Causse")
    assert org.commune.code == "48095" and org.sdgs.exists()
    page = client.get(org.get_absolute_url()).content.decode()
    assert "Exemple fictif — démonstration" in page and "même si Mende est une commune réelle" in page
    listing = client.get("/acteurs/", {"q": "jardins"}).content.decode()
    assert "Exemple fictif — démonstration" in listing
    assert remove_demo() == len(DEMO_ORGANISATIONS)
    assert not Organisation.objects.exists()
    assert "Jardins" not in client.get("/acteurs/", {"q": "jardins"}).content.decode()
