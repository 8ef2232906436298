"""Dead-code check (`make deadcode`): vulture over alliances/ and config/.

Functions, methods, classes, properties and imports are reported from 60 % confidence (vulture
cannot see a call it does not find by name); variables and attributes only at 100 % (unused
arguments, unreachable code): below, they are model and form fields, Meta options and schema
fields, which Django and django-ninja read by introspection. What the framework, the URL
configuration and the templates use by name is listed in scripts/vulture_whitelist.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import vulture

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["alliances", "config", "scripts/vulture_whitelist.py"]
EXCLUDE = ["*/migrations/*", "*/data/build_*.py"]
REPORTED_FROM_60 = {"function", "method", "class", "property", "import"}
# Names Django and django-ninja call by convention.
IGNORE_NAMES = [
    "Command",
    "add_arguments",
    "handle",
    "*Config",
    "ready",
    "*Admin",
    "*Inline",
    "has_*_permission",
    "clean_*",
    "resolve_*",
    "*Middleware",
    "from_db_value",
    "get_prep_value",
    "value_to_string",
    "formfield",
    "prepare_value",
    "create_user",
    "create_superuser",
]
# Registered by a decorator: routes of the API, admin classes, template tags, signal receivers,
# periodic jobs (alliances.core.periodic).
IGNORE_DECORATORS = ["@router.*", "@api.*", "@admin.*", "@register.*", "@receiver", "@periodic_job"]


def main() -> int:
    scanner = vulture.Vulture(ignore_names=IGNORE_NAMES, ignore_decorators=IGNORE_DECORATORS)
    scanner.scavenge([str(ROOT / path) for path in PATHS], exclude=EXCLUDE)
    unused = [
        item
        for item in scanner.get_unused_code(min_confidence=60)
        if item.typ in REPORTED_FROM_60 or item.confidence >= 100
    ]
    for item in unused:
        print(item.get_report().replace(str(ROOT) + "/", ""))
    return 1 if unused else 0


if __name__ == "__main__":
    sys.exit(main())
