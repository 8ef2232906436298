"""Uploaded and generated files go to a temporary folder during the resources tests."""

import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(db):
    from alliances.resources.demo import load_demo

    load_demo()
