"""Demo content: loaded by one command, idempotent, removed by one command, never in production."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alliances.core.demo import demo_load, demo_remove

pytestmark = pytest.mark.django_db


def test_load_twice_creates_nothing_the_second_time_then_remove_all():
    first = demo_load()
    assert sum(first.values()) > 0
    assert sum(demo_load().values()) == 0
    removed = demo_remove()
    assert sum(removed.values()) >= sum(first.values())
    assert sum(demo_load().values()) == sum(first.values())


def test_command_refuses_when_demo_is_disabled(settings):
    settings.ALLIANCES_DEMO = False
    with pytest.raises(CommandError, match="ALLIANCES_DEMO"):
        call_command("load_demo", stdout=StringIO())
