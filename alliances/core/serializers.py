"""Django's JSON serialisation, with timestamps to the microsecond (used by `alliances backup`).

Django's encoder cuts datetimes and times to the millisecond (ECMA-262 format): a restored
backup would then differ from the database it was taken from. Reading is Django's own JSON
deserializer (ISO 8601 with microseconds parses as it is).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.serializers.json import Deserializer as Deserializer  # re-exported: Django reads it here
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer
from django.utils.timezone import is_aware

FORMAT = "json-microsecondes"


class PreciseJSONEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            if is_aware(o):
                raise ValueError("JSON can't represent timezone-aware times.")
            return o.isoformat()
        return super().default(o)


class Serializer(JsonSerializer):
    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]  # (django-stubs does not declare it)
        self.json_kwargs["cls"] = PreciseJSONEncoder
