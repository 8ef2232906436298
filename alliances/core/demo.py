"""Demo content: each app may have a `demo` module with `load_demo()` and `remove_demo()`.

Every demo item carries `is_demo=True`, shows the "Exemple fictif — démonstration" badge,
uses invented names, and is removed by `alliances remove_demo`. Production never loads it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.apps import apps
from django.db import transaction

DEMO_BADGE = "Exemple fictif — démonstration"


def _demo_modules() -> Iterator[tuple[str, ModuleType]]:
    for config in apps.get_app_configs():
        if not config.name.startswith("alliances."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        # This module itself is alliances.core.demo: only modules with the two functions count.
        if hasattr(module, "load_demo") and hasattr(module, "remove_demo"):
            yield str(config.verbose_name), module


def demo_load() -> dict[str, int]:
    """Load every app's demo content (idempotent); return how many items each app created."""
    counts = {}
    with transaction.atomic():
        for label, module in _demo_modules():
            counts[label] = module.load_demo()
    return counts


def demo_remove() -> dict[str, int]:
    """Delete every demo item, in reverse app order so that dependents go first."""
    counts = {}
    with transaction.atomic():
        for label, module in reversed(list(_demo_modules())):
            counts[label] = module.remove_demo()
    return counts
