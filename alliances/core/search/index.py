"""Write and query the search documents, on SQLite (FTS5) or PostgreSQL (tsvector)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count

from alliances.core.models import SearchDocument
from alliances.core.search import vocabulary
from alliances.core.search.analysis import tag_term, tag_terms, terms

_FTS_TABLE = "core_searchdocument_fts"
_TERM = re.compile(r"[a-z0-9]+")
# Relevance (see `rank`): weight of the title against the body, BM25's k1 and b.
_TITLE_WEIGHT = 10.0
_K1, _B = 1.2, 0.75
# Most matches whose relevance is computed when a search has a limit (see search_documents):
# ranking tens of thousands of matches to show 25 of them cost 100 to 300 ms at national scale.
RANK_WINDOW = 2000
# PostgreSQL: most matches whose title is tested to fill the window (see _window_postgresql).
# Each one is a visit of its row in the table (the GIN index holds neither the object id nor
# the weights): 20,000 cost 45 to 90 ms for "sport" in Paris at national scale, 5,000 cost 12 to 40.
PG_CANDIDATES = 5_000
_KIND_SHARES_KEY = "core:search:kind-shares"


@dataclass(frozen=True)
class IndexEntry:
    object_id: int
    title: str
    body: str = ""
    tags: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class Match:
    object_id: int
    rank: float


def _document(kind: str, entry: IndexEntry) -> SearchDocument:
    return SearchDocument(
        kind=kind,
        object_id=entry.object_id,
        title=entry.title[:500],
        terms_title=" ".join(terms(entry.title)),
        terms_body=" ".join(terms(entry.body)),
        terms_tags=" ".join(tag_terms(entry.tags)),
    )


def index_documents(kind: str, entries: Iterable[IndexEntry], *, batch_size: int = 1000) -> int:
    """Insert or replace the documents of many objects of one kind; return how many."""
    count = 0
    batch: list[SearchDocument] = []
    for entry in entries:
        batch.append(_document(kind, entry))
        if len(batch) >= batch_size:
            count += _upsert(batch)
            batch = []
    if batch:
        count += _upsert(batch)
    return count


def _upsert(batch: list[SearchDocument]) -> int:
    SearchDocument.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["title", "terms_title", "terms_body", "terms_tags", "updated_at"],
    )
    vocabulary.add_terms(
        vocabulary.text_terms(text for document in batch for text in (document.terms_title, document.terms_body))
    )
    return len(batch)


def index_document(*, kind: str, object_id: int, title: str, body: str = "", tags: Sequence[str] = ()) -> None:
    """Insert or replace the search document of one object."""
    index_documents(kind, [IndexEntry(object_id=object_id, title=title, body=body, tags=tags)])


def delete_document(*, kind: str, object_id: int) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()


def delete_documents(kind: str, object_ids: Iterable[int] | None = None) -> None:
    """Delete the documents of some objects of a kind, or of all of them."""
    documents = SearchDocument.objects.filter(kind=kind)
    if object_ids is not None:
        documents = documents.filter(object_id__in=list(object_ids))
    documents.delete()


def search_documents(*, kind: str, query: str = "", tags: Sequence[str] = (), limit: int | None = 1000) -> list[Match]:
    """Objects of `kind` whose text matches every word of `query` and that carry every tag.

    Each query word matches the words that start like its stem ("jeunes" → "jeunesse").
    Best match first (see `rank`); the same order on SQLite and PostgreSQL. An empty query with
    no tag matches nothing.

    With a `limit`, relevance is computed on a bounded window of RANK_WINDOW matches (or
    `limit` if larger): exact when the query matches no more than that; beyond, the window holds
    first the matches whose title contains every word, as the index finds them, then if room is
    left the others. A page of any size within the window is always a slice of the same list.
    """
    words = list(dict.fromkeys(terms(query)))
    required_tags = list(dict.fromkeys(tag_terms(tags)))
    if not words and not required_tags:
        return []
    window = None if limit is None else max(limit, RANK_WINDOW)
    if connection.vendor == "postgresql":
        tiers = _window_postgresql(kind, words, required_tags, window)
    else:
        expressions = _fts_expressions(words)
        if expressions is None:
            return []
        tiers = _window_sqlite(kind, expressions, required_tags, window)
    matches = [match for tier in tiers for match in rank(tier, words)]
    return matches if limit is None else matches[:limit]


def search_titles(*, kind: str, query: str, tags: Sequence[str] = (), limit: int) -> list[int]:
    """Objects of `kind` whose title holds every word of `query` (as search_documents matches
    them) and that carry every tag, best first, at most `limit`: where a name typed whole is
    looked for. search_documents' first tier, without counting first every match in title or
    body (most of a need search's cost in a large territory where its words are common)."""
    words = list(dict.fromkeys(terms(query)))
    required_tags = list(dict.fromkeys(tag_terms(tags)))
    rows: list[tuple[int, str, str]] = []
    if connection.vendor == "postgresql":
        exact = _pg_exact_terms(words) if words else None
        if exact is not None:
            tsquery = " & ".join(_pg_words(words, exact, "A") + [f"{t}:C" for t in required_tags])
            rows = _search_postgresql(kind, tsquery, RANK_WINDOW)
    else:
        expressions = _fts_expressions(words) if words else None
        if expressions is not None:
            rows = _search_sqlite(kind, expressions, required_tags, in_title=True, limit=RANK_WINDOW)
    return [match.object_id for match in rank(rows, words)[:limit]]


def rank(rows: Iterable[tuple[int, str, str]], words: list[str]) -> list[Match]:
    """(object id, title terms, body terms) rows as Matches, best first: a BM25-style score.

    For each query word, its occurrences (words starting with it) in the title and in the body,
    saturating (k1 = 1.2) and normalised by the length of the field (b = 0.75, against the mean
    of the rows ranked); a title counts ten times the body. Ties by object id.

    Computed here rather than by the database: FTS5's bm25() first counts, over the whole index,
    the documents of every phrase of the query (its kind and tags included: 50 to 150 ms at
    national scale, whatever the number of matches), and PostgreSQL's ts_rank gives 0 to every
    document of a query holding a tag, whose weight is 0.
    """
    rows = list(rows)
    if not rows or not words:
        return [Match(object_id=object_id, rank=0.0) for object_id, _, _ in sorted(rows)]
    # Terms are single spaces apart: " " + field, counting " " + word, gives the words that
    # start with it.
    fields = [(object_id, " " + title, " " + body) for object_id, title, body in rows]
    mean_title = sum(t.count(" ") for _, t, _ in fields) / len(fields) or 1.0
    mean_body = sum(b.count(" ") for _, _, b in fields) / len(fields) or 1.0
    needles = [" " + w for w in words]

    def score(text: str, mean: float) -> float:
        norm = 1 - _B + _B * text.count(" ") / mean
        total = 0.0
        for needle in needles:
            found = text.count(needle)
            if found:
                total += found * (_K1 + 1) / (found + _K1 * norm)
        return total

    scored = sorted(
        ((-(_TITLE_WEIGHT * score(t, mean_title) + score(b, mean_body)), object_id) for object_id, t, b in fields)
    )
    return [Match(object_id=object_id, rank=-negative) for negative, object_id in scored]


def matching_ids_sql(*, kind: str, query: str = "", tags: Sequence[str] = ()) -> tuple[str, list] | None:
    """SQL selecting the object ids `search_documents` would return (unranked), with its parameters.

    For a subquery (`WHERE id IN (…)`, a COUNT, a GROUP BY over the matches) that stays in the
    database instead of loading every matching id into Python. None when nothing can match.
    """
    words = list(dict.fromkeys(terms(query)))
    required_tags = list(dict.fromkeys(tag_terms(tags)))
    if not words and not required_tags:
        return None
    if connection.vendor == "postgresql":
        exact = _pg_exact_terms(words)
        if exact is None:
            return None
        return (
            "SELECT object_id FROM core_searchdocument WHERE kind = %s AND search_vector @@ to_tsquery('simple', %s)",
            [kind, _pg_tsquery(words, exact, required_tags)],
        )
    expressions = _fts_expressions(words)
    if expressions is None:
        return None
    # CROSS JOIN keeps the FTS table as the outer loop; the kind is in the MATCH, the join only
    # maps each matching row to its object id.
    return (
        f"SELECT d.object_id FROM {_FTS_TABLE} CROSS JOIN core_searchdocument d ON d.id = {_FTS_TABLE}.rowid "
        f"WHERE {_FTS_TABLE} MATCH %s",
        [_fts_match(kind, expressions, required_tags)],
    )


def documents_matching_any(
    *,
    kind: str,
    stems: Iterable[str],
    any_tags: Sequence[str] = (),
    tags: Sequence[str],
    limit: int,
    departements: Sequence[str] = (),
) -> list[int]:
    """Keys of the search documents of at most `limit` objects of `kind` that carry every tag of
    `tags` and whose title or body holds any of the exact `stems` or that carry any of `any_tags`,
    in the index's order; `object_ids` gives their objects.

    Search by need's candidates (need_index.py): any word, not every word, and exact stems, not
    prefixes (a need word's alternatives are already spelled out). The keys are, on SQLite, the
    documents' ids, which are the FTS5 rowids: the index alone answers, without visiting each
    document's row (10,000 matches in an intercommunality of the national base: 8 to 20 ms,
    against 40 to 50 ms through the documents' table); on PostgreSQL, which visits each matching
    row anyway, their objects' ids (mapping 250 document ids to their objects took 5 to 12 ms).

    `departements`: the codes of the départements the documents `tags` keeps lie in, when the
    caller knows them (an intercommunality's); a tag `departement:…` says it alone. On PostgreSQL
    the search reads only their terms (see _pg_partitions).
    """
    # Only single index terms: a hyphenated synonym ("micro-crèche") would be a phrase, which the
    # FTS5 table (detail=column) refuses; its parts are other words.
    words = sorted({stem for stem in stems if _TERM.fullmatch(stem)})
    alternatives = sorted(set(tag_terms(any_tags)))
    required = list(dict.fromkeys(tag_terms(tags)))
    if not (words or alternatives):
        return []
    if connection.vendor == "postgresql":
        partitions, required = _pg_partitions(required, departements)
        # Exact tokens without weights: a tag's term ("tag…") is never a word's stem, and without
        # weights the GIN index answers alone, PostgreSQL need not reread each matching row's
        # vector (10,000 documents in Paris: 11 ms against 25).
        found = "SELECT object_id FROM core_searchdocument WHERE kind = %s AND {} @@ to_tsquery('simple', %s)"
        if partitions:
            # One query per département: each stops at the LIMIT, and a tsquery over one
            # département's terms is checked faster than the OR of all (Métropole du Grand Paris,
            # « médecin »: 40 ms against 80).
            sql = " UNION ALL ".join([found.format(_PG_PARTITIONED)] * len(partitions))
            params: list = [p for code in partitions for p in (kind, _pg_within(code, required, words + alternatives))]
        else:
            sql = found.format("search_vector")
            params = [kind, " & ".join([*required, "(" + " | ".join(words + alternatives) + ")"])]
        sql = f"SELECT object_id FROM ({sql}) s LIMIT %s"
        params.append(limit)
    else:
        any_of = []
        if words:
            any_of.append("{terms_title terms_body} : (" + " OR ".join(map(_fts_quote, words)) + ")")
        if alternatives:
            any_of.append("terms_tags : (" + " OR ".join(map(_fts_quote, alternatives)) + ")")
        clauses = [f"kind : {_fts_quote(kind)}", *(f"terms_tags : {_fts_quote(t)}" for t in required)]
        clauses.append("(" + " OR ".join(any_of) + ")")
        sql = f"SELECT rowid FROM {_FTS_TABLE} WHERE {_FTS_TABLE} MATCH %s LIMIT %s"
        params = [" AND ".join(clauses), limit]
    with connection.cursor() as cursor, _serial(cursor):
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@contextlib.contextmanager
def _serial(cursor) -> Iterator[None]:
    """PostgreSQL: no parallel workers for the statements run within. For a search by need in a
    large territory, PostgreSQL plans the départements' scans in parallel (its estimate of their
    rows is low): the workers' start and the scans of départements the LIMIT would not have
    reached cost more than they save (Métropole du Grand Paris, « médecin »: 97 ms in parallel,
    40 ms in one process)."""
    if connection.vendor != "postgresql":
        yield
        return
    cursor.execute("SET max_parallel_workers_per_gather = 0")
    try:
        yield
    finally:
        cursor.execute("RESET max_parallel_workers_per_gather")


def object_ids(keys: Sequence[int]) -> dict[int, int]:
    """Key of a search document (as documents_matching_any gives it) → its object's id."""
    if connection.vendor == "postgresql":
        return {key: key for key in keys}
    return dict(SearchDocument.objects.filter(pk__in=list(keys)).values_list("pk", "object_id"))


def count_tagged(*, kind: str, tags: Sequence[str]) -> int:
    """How many objects of `kind` carry every tag (the size of a territory, for search by need);
    counted by the index, kept an hour (it moves slowly and counting a département of the national
    base costs tens of milliseconds)."""
    required = sorted(set(tag_terms(tags)))
    key = "core:search:tagged:" + kind + ":" + ",".join(required)
    found = cache.get(key)
    if found is None:
        found = _count_tagged(kind, required)
        cache.set(key, found, 3600)
    return found


def _count_tagged(kind: str, required: list[str]) -> int:
    if not required:
        return SearchDocument.objects.filter(kind=kind).count()
    if connection.vendor == "postgresql":
        sql = "SELECT count(*) FROM core_searchdocument WHERE kind = %s AND search_vector @@ to_tsquery('simple', %s)"
        params: list = [kind, " & ".join(required)]  # tags only: no weight needed (see documents_matching_any)
    else:
        # As documents_matching_any: the kind in the MATCH, the FTS5 index alone counts.
        sql = f"SELECT count(*) FROM {_FTS_TABLE} WHERE {_FTS_TABLE} MATCH %s"
        params = [" AND ".join([f"kind : {_fts_quote(kind)}", *(f"terms_tags : {_fts_quote(t)}" for t in required)])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _is_prefix(word: str) -> bool:
    # A one-letter word would match every word starting with that letter: it matches itself only.
    return len(word) > 1


# --- SQLite (FTS5) ------------------------------------------------------------------------------
# Migration 0004 gives the FTS table the kind as a column, so that the whole search stays in the
# index (no join per match to filter on the kind). Migration 0006 keeps a prefix index for the
# lengths 2 to 4 only (each indexed length is written again for every term: indexing the lengths
# 2 to 13 made writing a document 3 to 4 times as costly). A query word of 2 to 4 letters is one
# term of the prefix index; a longer one is the OR of the exact terms that start with it, from the
# vocabulary (vocabulary.py). Both are read lazily, skipping to the documents that carry the tags,
# instead of FTS5's own prefix query without an index: the merge, over the whole base, of the
# lists of every term that starts so (45 to 110 ms at national scale).

LONGEST_INDEXED_PREFIX = 4


def _fts_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts_expressions(words: list[str]) -> list[str] | None:
    """The FTS5 expression of each query word (see above), or None when a word matches nothing."""
    long_words = [w for w in words if len(w) > LONGEST_INDEXED_PREFIX]
    found = vocabulary.expansions(long_words)
    expressions = []
    for word in words:
        if not _is_prefix(word):
            expressions.append(_fts_quote(word))
        elif len(word) <= LONGEST_INDEXED_PREFIX or found[word] is None:
            # An indexed prefix, or a word starting too many terms (vocabulary.MAX_EXPANSION):
            # FTS5's own prefix query, same documents.
            expressions.append(_fts_quote(word) + "*")
        elif not (terms := found[word]):
            return None
        else:
            expressions.append("(" + " OR ".join(map(_fts_quote, terms)) + ")")
    return expressions


def _fts_words(expressions: list[str], columns: str) -> list[str]:
    return [f"{columns} : {expression}" for expression in expressions]


def _fts_match(kind: str | None, expressions: list[str], tags: list[str]) -> str:
    clauses = [f"kind : {_fts_quote(kind)}"] if kind else []
    clauses += _fts_words(expressions, "{terms_title terms_body}") + [f"terms_tags : {_fts_quote(t)}" for t in tags]
    return " AND ".join(clauses)


def _window_sqlite(kind, words, tags, window: int | None) -> list[list[tuple[int, str, str]]]:
    """The matches to rank, in tiers (best tier first): at most `window` rows in all. `words`:
    the FTS5 expressions of the query words (_fts_expressions)."""
    if window is None:
        return [_search_sqlite(kind, words, tags, in_title=None, limit=None)]
    if not words or _search_sqlite(kind, words, tags, in_title=None, limit=window + 1, count=True) <= window:
        return [_search_sqlite(kind, words, tags, in_title=None, limit=window)]
    # Each query stops at the LIMIT: FTS5 reads its lists lazily (prefix index, see above).
    in_title = _search_sqlite(kind, words, tags, in_title=True, limit=window)
    if len(in_title) == window:
        return [in_title]
    return [in_title, _search_sqlite(kind, words, tags, in_title=False, limit=window - len(in_title))]


def _search_sqlite(kind, words, tags, *, in_title: bool | None, limit: int | None, count: bool = False):
    """Rows (object id, title terms, body terms) of at most `limit` matches, or their number.

    in_title: True, only the documents whose title holds every word; False, only the others.
    """
    kind_in_match = _kind_in_match(kind)
    match = _fts_match(kind if kind_in_match else None, words, tags)
    if in_title is not None:
        title = " AND ".join(_fts_words(words, "terms_title"))
        match = f"({match}) AND ({title})" if in_title else f"({match}) NOT ({title})"
    params: list = [match]
    if kind_in_match:
        found = f"SELECT rowid AS doc FROM {_FTS_TABLE} WHERE {_FTS_TABLE} MATCH %s"
    else:
        found = (
            f"SELECT d.id AS doc FROM {_FTS_TABLE} CROSS JOIN core_searchdocument d ON d.id = {_FTS_TABLE}.rowid "
            f"WHERE {_FTS_TABLE} MATCH %s AND d.kind = %s"
        )
        params.append(kind)
    if limit is not None:
        found += " LIMIT %s"
        params.append(limit)
    if count:
        sql = f"SELECT count(*) FROM ({found})"
    else:
        sql = f"SELECT d.object_id, d.terms_title, d.terms_body FROM ({found}) s JOIN core_searchdocument d ON d.id = s.doc"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0] if count else cursor.fetchall()


def _kind_in_match(kind: str) -> bool:
    """Whether to filter on the kind inside the FTS5 MATCH (else on each match's document).

    In the MATCH, FTS5 seeks in the kind's list of documents for every match: cheap for a small
    kind, 3 to 10 ms per query for a kind that fills most of the index (1.9 million organisations
    beside 20,000 practices). For such a kind, checking each match's document is cheaper: nearly
    every match passes, so the LIMIT stops early. Both give the same rows; the shares are
    recounted every hour.
    """
    shares = cache.get(_KIND_SHARES_KEY)
    if shares is None:
        counts = dict(SearchDocument.objects.values_list("kind").annotate(n=Count("id")).order_by())
        total = sum(counts.values()) or 1
        shares = {k: n / total for k, n in counts.items()}
        cache.set(_KIND_SHARES_KEY, shares, 3600)
    return shares.get(kind, 0.0) < 0.5


# --- PostgreSQL (tsvector) ----------------------------------------------------------------------


def _pg_exact_terms(words: list[str]) -> list[list[str] | None] | None:
    """For each word, the exact terms it stands for (see vocabulary.py), or None to keep it as a
    prefix; None overall when a word matches no term at all (so nothing can match)."""
    prefixes = [w for w in words if _is_prefix(w)]
    found = vocabulary.expansions(prefixes)
    exact = [found[w] if _is_prefix(w) else [w] for w in words]
    return None if any(terms == [] for terms in exact) else exact


def _pg_words(words: list[str], exact: list[list[str] | None], weights: str) -> list[str]:
    # Stems and tags are plain [a-z0-9] tokens (see analysis.py), safe inside to_tsquery. The
    # weights keep words to the title (A) and body (B), as FTS5's columns do on SQLite: a prefix
    # must not match the tags (C).
    return [
        f"{word}:*{weights}" if terms is None else "(" + " | ".join(f"{t}:{weights}" for t in terms) + ")"
        for word, terms in zip(words, exact, strict=True)
    ]


def _pg_tsquery(words: list[str], exact: list[list[str] | None], tags: list[str]) -> str:
    return " & ".join(_pg_words(words, exact, "AB") + [f"{t}:C" for t in tags])


def _window_postgresql(kind, words, tags, window: int | None) -> list[list[tuple[int, str, str]]]:
    """Same as _window_sqlite, in one query on the GIN-indexed tsvector (title A, body B, tags C).

    One query, because each one pays the GIN scan of the words and tags (5 to 20 ms for a common
    word in a big département at national scale, see vocabulary.py). The title test is made on
    the first PG_CANDIDATES matches only: past that many, the rest is not looked at (without
    this bound, 1.2 s for "jeunes" over 1.9 million organisations).
    """
    exact = _pg_exact_terms(words)
    if exact is None:
        return [[]]
    tsquery = _pg_tsquery(words, exact, tags)
    if not words:
        return [_search_postgresql(kind, tsquery, window)]
    title = " & ".join(_pg_words(words, exact, "A"))
    sql = (
        "SELECT object_id, terms_title, terms_body, search_vector @@ to_tsquery('simple', %s) AS in_title "
        "FROM core_searchdocument WHERE kind = %s AND search_vector @@ to_tsquery('simple', %s)"
    )
    params: list = [title, kind, tsquery]
    if window is not None:
        sql = f"SELECT * FROM ({sql} LIMIT %s) s ORDER BY in_title DESC LIMIT %s"
        params += [max(PG_CANDIDATES, window + 1), window + 1]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if window is None or len(rows) <= window:
        return [[row[:3] for row in rows]]
    rows = rows[:window]
    return [[row[:3] for row in rows if row[3]], [row[:3] for row in rows if not row[3]]]


# Migration 0009: a second GIN index, whose terms carry their document's département ("p75qjeun").
_PG_PARTITIONED = "core_search_partitioned(terms_title, terms_body, terms_tags)"
_PARTITION_PREFIX = tag_term("departement:")


def _pg_partitions(required: list[str], departements: Sequence[str]) -> tuple[list[str], list[str]]:
    """The départements (lowercased, as the terms of the partitioned index hold them) where a search
    reads its terms, and the required tag terms left to ask there.

    In the national index a term's list is the whole country's: « jeunes » in the Métropole du
    Grand Paris read 813,000 documents to keep 70,000 (80 to 150 ms); its département's terms
    (« p75qjeun »…) hold only theirs. A required département tag is then implied, so dropped.
    """
    codes = [t[len(_PARTITION_PREFIX) :] for t in required if t.startswith(_PARTITION_PREFIX)]
    if len(codes) == 1:
        return codes, [t for t in required if not t.startswith(_PARTITION_PREFIX)]
    if codes:  # several département tags at once keep nothing; let the national index say so
        return [], required
    codes = list(dict.fromkeys(tag_term(f"departement:{code}")[len(_PARTITION_PREFIX) :] for code in departements))
    return [code for code in codes if code], required


def _pg_within(code: str, required: list[str], any_of: list[str]) -> str:
    """The tsquery "every required term and any of `any_of`", on one département's terms."""
    within = [f"p{code}q{term}" for term in required]
    return "(" + " & ".join([*within, "(" + " | ".join(f"p{code}q{term}" for term in any_of) + ")"]) + ")"


def _search_postgresql(kind: str, tsquery: str, limit: int | None) -> list[tuple[int, str, str]]:
    sql = (
        "SELECT object_id, terms_title, terms_body FROM core_searchdocument "
        "WHERE kind = %s AND search_vector @@ to_tsquery('simple', %s)"
    )
    params: list = [kind, tsquery]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
