"""The theme → SDG table shipped in `data/theme_sdg.yaml` (editable, documented in docs/actors.md)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

MAPPING_PATH = Path(__file__).with_name("data") / "theme_sdg.yaml"


@cache
def theme_sdg_table(path: Path = MAPPING_PATH) -> dict[str, tuple[int, ...]]:
    """Return {theme code: SDG numbers} from the YAML table; check every number is 1..17."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    table: dict[str, tuple[int, ...]] = {}
    for scheme in ("rna", "naf"):
        for code, numbers in (raw.get(scheme) or {}).items():
            numbers = tuple(sorted(set(numbers or [])))
            bad = [n for n in numbers if not isinstance(n, int) or not 1 <= n <= 17]
            if bad:
                raise ValueError(f"{path}: ODD invalide(s) {bad} pour le thème {code} (attendu 1 à 17)")
            table[str(code)] = numbers
    return table


def sdgs_for_themes(theme_codes: Iterable[str]) -> list[int]:
    """SDG numbers for a set of theme codes (family codes or NAF sections), sorted."""
    table = theme_sdg_table()
    return sorted({n for code in theme_codes for n in table.get(code, ())})
