"""Each step of an alliance suggests the resource centre's kits and resources for that step."""

import pytest

from alliances.core.demo import demo_load
from alliances.partnerships.models import Alliance, Membership

pytestmark = pytest.mark.django_db


def test_step_workspace_lists_resources_tagged_for_the_step(client):
    demo_load()
    alliance = Alliance.objects.filter(is_demo=True).first()
    pilote = Membership.objects.filter(alliance=alliance, role="pilote").select_related("user").first().user
    client.force_login(pilote)
    html = client.get(f"/alliances/{alliance.pk}/espace/co-construire/").content.decode()
    assert "Ressources pour l'étape « Co-construire »" in html
    assert "/ressources/" in html.split('id="ressources-etape"')[1]
    evaluate = client.get(f"/alliances/{alliance.pk}/espace/evaluer/").content.decode()
    assert "Ressources pour l'étape « Évaluer et essaimer »" in evaluate
