"""A Gunicorn worker loads every URL module and builds its reverse maps when it starts (issue 11):
the first visitor of each worker waited 0.5–0.6 s of CPU for it, 2.3 s in a load run where five
workers warmed up at once on two cores (the « connexion (formulaire) » line of BENCHMARKS.md)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import config.wsgi
from django.urls import get_resolver

pending, cold = [get_resolver()], []
while pending:
    resolver = pending.pop()
    if not resolver._populated:
        cold.append(str(resolver.pattern))
    pending += [sub for _, sub in resolver.namespace_dict.values()]
print("froids:", cold)
assert not cold, cold
"""


def test_loading_the_wsgi_application_builds_every_url_map_without_touching_the_database():
    # An unreachable database: the warm-up must not query it (workers may start before it).
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:1/absent",
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
