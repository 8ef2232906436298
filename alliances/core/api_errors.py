"""What every error of the JSON API looks like (`{"detail": …}`), for the OpenAPI document.

Each operation declares the statuses it can answer besides 200 (`response={200: …, **NOT_FOUND,
**INVALID}`); the statuses every operation can answer (400 for a NUL character, 429 beyond the
rate limit) are added to the document by `alliances.api`.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class Erreur(Schema):
    detail: str = Field(..., description="ce qui ne va pas, en français")
    erreurs: list[dict[str, Any]] | None = Field(
        None, description="paramètres refusés (422) : emplacement (`loc`) et motif (`msg`) de chacun"
    )


NOT_FOUND: dict[int, type[Schema]] = {404: Erreur}
INVALID: dict[int, type[Schema]] = {422: Erreur}
UNAUTHORIZED: dict[int, type[Schema]] = {401: Erreur}
