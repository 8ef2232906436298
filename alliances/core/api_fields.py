"""Parameter types shared by the JSON API's operations."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator


def _iso_day(value: object) -> object:
    """Only AAAA-MM-JJ, as the schema's `format: date` says (pydantic would also take `0`, a timestamp)."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("date attendue au format AAAA-MM-JJ")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_day)]
