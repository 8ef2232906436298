"""Published practices ranked by relevance to a need written in everyday words (search by need).

The ranking is `alliances.core.search.need`'s, over the practices' title, summary, problem,
actions and fragilities; the reason names the words and the fragilities that match.
"""

from __future__ import annotations

from alliances.core.search.index import count_tagged
from alliances.core.search.need import (
    NeedDocument,
    NeedRanking,
    NeedResult,
    need_ranking,
    quoted,
    reason_parts,
    sentence,
)
from alliances.core.search.need_index import indexed_candidates
from alliances.practices.enums import Fragility
from alliances.practices.models import Practice, PracticeTag
from alliances.practices.search import KIND

# Up to this many published practices (after the facets), all are read and ranked (~0.1 ms each
# to analyse, their texts being long); beyond (20,000 at national scale), the full-text index
# chooses the window to rank, as for organisations (alliances.core.search.need_index).
MAX_NEED_CANDIDATES = 5_000


def practices_need_ranking(need: str, *, tags: list[str], limit: int, offset: int = 0) -> NeedRanking:
    """Published practices carrying every tag, ranked by relevance to `need` on their title,
    summary, problem, actions and fragilities (alliances.core.search.need). Beyond
    MAX_NEED_CANDIDATES practices, the ranking is that of the index's window: its `ids` are the
    window's matches only."""
    practices = Practice.objects.published()
    scope = None
    if count_tagged(kind=KIND, tags=tags) > MAX_NEED_CANDIDATES:
        # The index holds only published practices, with their facets as tags.
        found = indexed_candidates(kind=KIND, need=need, tags=tags, class_tags=lambda stems: [])
        practices, scope = practices.filter(pk__in=found.ids), found.scope
    else:
        for tag in tags:
            practices = practices.filter(pk__in=PracticeTag.objects.filter(tag=tag).values("practice_id"))
    rows = practices.order_by().values_list("pk", "title", "summary", "problem", "actions", "fragilities")
    documents = [
        NeedDocument(
            id=pk,
            title=title,
            text=f"{summary} {problem} {actions}",
            labels=tuple(Fragility(f).label for f in fragilities if f in Fragility.values),
        )
        for pk, title, summary, problem, actions, fragilities in rows
    ]
    return need_ranking(need, documents, limit=limit, offset=offset, scope=scope)


def need_reason(result: NeedResult) -> str:
    """Why a practice answers a need: its words, and its fragilities holding them."""
    parts = reason_parts(result, where="son texte")
    if result.labels:
        parts.append(("fragilité : " if len(result.labels) == 1 else "fragilités : ") + quoted(result.labels))
    return sentence(parts)
