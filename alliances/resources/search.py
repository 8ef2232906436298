"""Bridge to the project's French full-text search (alliances.core.search), with a fallback.

The search layer keeps one document per published resource (kind "ressource") and per
published event (kind "evenement"). Until it is installed — or if it fails — the selectors
fall back to matching every normalised word against `search_text` (accent-insensitive,
no stemming).
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

logger = logging.getLogger(__name__)

RESOURCE_KIND = "ressource"
EVENT_KIND = "evenement"


def backend() -> ModuleType | None:
    try:
        module = importlib.import_module("alliances.core.search")
    except ModuleNotFoundError:
        return None
    return module if hasattr(module, "search_documents") else None


def resource_tags(resource) -> list[str]:
    tags = [f"type:{resource.kind}"]
    tags += [f"etape:{s.code}" for s in resource.steps.all()]
    tags += [f"theme:{t.code}" for t in resource.themes.all()]
    tags += [f"axe:{a.slug}" for a in resource.axes.all()]
    tags += [f"odd:{g.number}" for g in resource.sdgs.all()]
    return tags


def index_resource(resource) -> None:
    """(Re)index a resource if it is published, remove it from the index otherwise."""
    search = backend()
    if search is None:
        return
    if not resource.is_published:
        search.delete_document(kind=RESOURCE_KIND, object_id=resource.pk)
        return
    body = " ".join(
        filter(
            None,
            [
                resource.summary,
                resource.body,
                resource.examples,
                resource.speakers,
                resource.publisher,
                resource.transcript,
                *(f"{s.title} {s.body}" for s in resource.kit_steps.all()),
            ],
        )
    )
    search.index_document(
        kind=RESOURCE_KIND, object_id=resource.pk, title=resource.title, body=body, tags=resource_tags(resource)
    )


def index_event(event) -> None:
    search = backend()
    if search is None:
        return
    if not event.is_published:
        search.delete_document(kind=EVENT_KIND, object_id=event.pk)
        return
    body = " ".join(filter(None, [event.summary, event.body, event.organiser, event.audience, event.place]))
    tags = [f"type:{event.kind}"] + [f"theme:{t.code}" for t in event.themes.all()]
    tags += [f"odd:{g.number}" for g in event.sdgs.all()]
    search.index_document(kind=EVENT_KIND, object_id=event.pk, title=event.title, body=body, tags=tags)


def unindex(kind: str, object_id: int) -> None:
    search = backend()
    if search is not None:
        search.delete_document(kind=kind, object_id=object_id)


def matching_ids(kind: str, query: str, *, limit: int = 500) -> list[int] | None:
    """Ids of the documents matching `query`, best first; None when the fallback must be used."""
    search = backend()
    if search is None:
        return None
    try:
        matches = search.search_documents(kind=kind, query=query, limit=limit)
    except Exception:  # a broken index must not break the resource centre
        logger.exception("Recherche plein texte indisponible, repli sur la recherche simple")
        return None
    return [int(m.object_id) for m in matches]
