"""In-process measurement of a request, shared by the `profile_*` scripts: Django set up with
DEBUG off (as in production: no query log kept by Django itself), then wall time, CPU time, SQL
time and number of queries of one call."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def setup_django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLIANCES_API_RATE_ANON", "")  # every request comes from one address
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


@dataclass
class Timing:
    wall: float  # seconds
    cpu: float  # seconds of this process
    sql: float  # seconds, as measured by the database cursor wrapper
    queries: int


def timed(call: Callable[[], object]) -> Timing:
    """Run `call` once and measure it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return Timing(wall, cpu, sum(float(q["time"]) for q in captured.captured_queries), len(captured))
