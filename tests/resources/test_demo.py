"""Demo content: idempotent, labelled, removable."""

import pytest

from alliances.resources.demo import load_demo, remove_demo
from alliances.resources.models import Event, KitTool, Resource

pytestmark = pytest.mark.django_db


def test_load_is_idempotent_and_remove_cleans_up(media_root):
    created = load_demo()
    assert created == 3 + 6 + 5
    assert load_demo() == 0
    assert Resource.objects.kits().count() == 3
    assert Event.objects.upcoming().count() == 4
    assert not Resource.objects.filter(is_demo=False).exists()
    files = list(media_root.rglob("*.*"))
    assert files and KitTool.objects.exclude(file="").exists()
    assert remove_demo() == created
    assert not Resource.objects.exists() and not Event.objects.exists()
    assert not list(media_root.rglob("*.*"))
