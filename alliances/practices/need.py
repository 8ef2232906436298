"""Published practices ranked by relevance to a need written in everyday words (search by need).

The ranking is `alliances.core.search.need`'s, over the practices' title, summary, problem,
actions and fragilities; the reason names the words and the fragilities that match.
"""

from __future__ import annotations

from alliances.core.search.need import (
    NeedDocument,
    NeedRanking,
    NeedResult,
    need_ranking,
    quoted,
    reason_parts,
    sentence,
)
from alliances.practices.enums import Fragility
from alliances.practices.models import Practice, PracticeTag

# Most published practices (after the facets) read to rank them by need (~0.1 ms each to analyse,
# their texts being long); beyond, the words of the query are all required.
MAX_NEED_CANDIDATES = 5_000


def practices_need_ranking(need: str, *, tags: list[str], limit: int, offset: int = 0) -> NeedRanking | None:
    """Published practices carrying every tag, ranked by relevance to `need` on their title,
    summary, problem, actions and fragilities (alliances.core.search.need); None when the tags
    leave more than MAX_NEED_CANDIDATES practices."""
    practices = Practice.objects.published()
    for tag in tags:
        practices = practices.filter(pk__in=PracticeTag.objects.filter(tag=tag).values("practice_id"))
    rows = list(
        practices.order_by().values_list("pk", "title", "summary", "problem", "actions", "fragilities")[
            : MAX_NEED_CANDIDATES + 1
        ]
    )
    if len(rows) > MAX_NEED_CANDIDATES:
        return None
    documents = [
        NeedDocument(
            id=pk,
            title=title,
            text=f"{summary} {problem} {actions}",
            labels=tuple(Fragility(f).label for f in fragilities if f in Fragility.values),
        )
        for pk, title, summary, problem, actions, fragilities in rows
    ]
    return need_ranking(need, documents, limit=limit, offset=offset)


def need_reason(result: NeedResult) -> str:
    """Why a practice answers a need: its words, and its fragilities holding them."""
    parts = reason_parts(result, where="son texte")
    if result.labels:
        parts.append(("fragilité : " if len(result.labels) == 1 else "fragilités : ") + quoted(result.labels))
    return sentence(parts)
