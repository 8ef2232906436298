"""Search of practices: stemmed, accent-insensitive text + facets; drafts never found."""

import pytest

from alliances.practices import selectors
from alliances.practices.enums import Status
from alliances.practices.models import Practice
from tests.practices.factories import PracticeFactory, commune, published_practice

pytestmark = pytest.mark.django_db


def _ids(page):
    return [p.pk for p in page.practices]


def test_jeunesse_emploi_with_sdg8_returns_only_published_sdg8_text_match_first():
    both = published_practice(
        title="Jeunesse et emploi en vallée",
        summary="Des jeunes trouvent un emploi local grâce aux entreprises du bassin.",
        sdgs=[8, 4],
    )
    one_word = published_practice(
        title="Un tiers-lieu pour les emplois de demain",
        summary="Formations au numérique pour les demandeurs d'emploi du canton.",
        sdgs=[8],
    )
    published_practice(
        title="Jeunes et emplois", summary="Même texte, mais sans l'ODD 8 : les jeunes et leurs emplois.", sdgs=[4]
    )
    published_practice(
        title="Jardins partagés",
        summary="Rien à voir : potagers collectifs et alimentation de qualité.",
        sdgs=[8],
        fragilities=["alimentation"],
    )
    draft = PracticeFactory(title="Jeunesse emploi brouillon", summary="La jeunesse et l'emploi, mais en brouillon.")
    draft.sdgs.set([8])

    page = selectors.practices_search(query="jeunesse emploi", filters={"odd": ["8"]})

    assert _ids(page)[0] == both.pk
    assert draft.pk not in _ids(page)
    for card in page.practices:
        assert Practice.objects.get(pk=card.pk).status == Status.PUBLISHED
        assert 8 in card.sdgs
    assert set(_ids(page)) <= {both.pk, one_word.pk}


def test_stemming_and_accents():
    practice = published_practice(
        title="Emplois pour la jeunesse", summary="Une démarche écologique menée par une régie de quartier."
    )
    for query in ("jeunes", "emploi", "ecologique", "ÉCOLOGIQUE", "regie"):
        assert practice.pk in _ids(selectors.practices_search(query=query)), query


def test_facet_counts_combine_and_only_count_published():
    lozere = commune("48095")
    lyon = commune("69123")
    published_practice(fragilities=["emploi", "jeunesse"], territories=[lozere], sdgs=[8])
    published_practice(fragilities=["emploi"], territories=[lyon], sdgs=[8, 10])
    published_practice(fragilities=["sante"], territories=[lyon], sdgs=[3])
    PracticeFactory(fragilities=["emploi"])  # draft: never counted

    page = selectors.practices_search(filters={"fragilite": ["emploi"]})
    counts = {f.name: {v.value: v.count for v in f.values} for f in page.facets}
    assert page.count == 2
    assert counts["fragilite"] == {"emploi": 2, "jeunesse": 1}
    assert counts["odd"] == {"8": 2, "10": 1}
    assert counts["region"] == {"76": 1, "84": 1}
    assert counts["type_territoire"] == {"commune-5000-20000": 1, "commune-plus-100000": 1}

    both = selectors.practices_search(filters={"fragilite": ["emploi"], "region": ["84"]})
    assert both.count == 1


def test_publish_indexes_in_the_same_request_cycle_and_reject_unindexes(django_capture_on_commit_callbacks):
    from alliances.practices import services
    from tests.practices.factories import moderator

    practice = PracticeFactory(title="Covoiturage solidaire des aînés", status=Status.SUBMITTED)
    practice.territories.set([commune()])
    assert selectors.practices_search(query="covoiturage").count == 0
    boss = moderator()
    services.practice_publish(practice=practice, by=boss)
    assert _ids(selectors.practices_search(query="covoiturage")) == [practice.pk]
    services.practice_reject(practice=practice, by=boss, comment="Doublon")
    assert selectors.practices_search(query="covoiturage").count == 0


def test_sort_by_date():
    old = published_practice(title="Emploi ancien")
    new = published_practice(title="Emploi récent")
    assert _ids(selectors.practices_search(query="emploi", sort="date"))[:2] == [new.pk, old.pk]


def test_unknown_facet_values_are_dropped():
    assert selectors.clean_filters({"odd": ["8", "99", "x"], "forme": ["nope"], "autre": ["1"]}) == {"odd": ["8"]}


@pytest.mark.parametrize("small_result", [500, 2])
def test_text_search_counts_every_match_and_pages_by_rank(small_result, monkeypatch):
    # With a threshold of 2, the count, facets and pages go through the search layer's subquery.
    monkeypatch.setattr(selectors, "_SMALL_RESULT", small_result)
    for n in range(5):
        published_practice(title=f"Maraîchage solidaire {n}", summary="Des légumes pour la cantine.", sdgs=[2])
    best = published_practice(title="Maraîchage et maraîchers", summary="Le maraîchage en régie.", sdgs=[2])

    first = selectors.practices_search(query="maraichage", limit=2)
    second = selectors.practices_search(query="maraichage", limit=2, offset=2)
    everything = selectors.practices_search(query="maraichage", limit=50)

    assert first.count == second.count == 6
    assert _ids(first)[0] == best.pk
    assert _ids(everything) == _ids(first) + _ids(second) + _ids(everything)[4:]
    assert {v.value: v.count for f in first.facets if f.name == "odd" for v in f.values} == {"2": 6}
    assert selectors.practices_search(query="le la les").count == 0  # stop words only
    by_date = selectors.practices_search(query="maraichage", sort="date", limit=50)
    assert by_date.count == 6 and _ids(by_date)[0] == best.pk  # the newest


def test_unfiltered_facet_counts_are_cached_until_the_next_publication(django_assert_max_num_queries):
    published_practice(fragilities=["emploi"])
    assert selectors.practices_search().count == 1
    with django_assert_max_num_queries(6):  # version, page ids, cards (3), région names: counts are cached
        page = selectors.practices_search()
    assert {v.value: v.count for f in page.facets if f.name == "fragilite" for v in f.values} == {"emploi": 1}

    published_practice(fragilities=["emploi", "sante"])
    page = selectors.practices_search()
    assert page.count == 2
    assert {v.value: v.count for f in page.facets if f.name == "fragilite" for v in f.values} == {
        "emploi": 2,
        "sante": 1,
    }


def test_filtered_facet_counts_are_cached_until_the_next_publication(django_assert_max_num_queries):
    """Issue 11: counting the tags of the ~2,000 practices of one SDG cost 30 to 60 ms per request
    at national scale; without text, a facet selection's counts are kept under the tags version."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    published_practice(fragilities=["emploi"], sdgs=[8])
    published_practice(fragilities=["sante"], sdgs=[3])
    filters = {"odd": ["8"]}
    assert selectors.practices_search(filters=filters).count == 1
    with CaptureQueriesContext(connection) as queries:
        page = selectors.practices_search(filters=filters)
    assert page.count == 1
    assert not [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert {v.value: v.count for f in page.facets if f.name == "fragilite" for v in f.values} == {"emploi": 1}

    published_practice(fragilities=["emploi", "jeunesse"], sdgs=[8])
    page = selectors.practices_search(filters=filters)
    assert page.count == 2
    assert {v.value: v.count for f in page.facets if f.name == "fragilite" for v in f.values} == {
        "emploi": 2,
        "jeunesse": 1,
    }
    # Another selection has its own counts.
    assert selectors.practices_search(filters={"odd": ["3"]}).count == 1


def test_cards_show_territories_sdgs_and_skip_unpublished():
    practice = published_practice(territories=[commune("48095")], sdgs=[13, 8])
    draft = PracticeFactory()
    cards = selectors.practice_cards([draft.pk, practice.pk])
    assert [c.pk for c in cards] == [practice.pk]
    assert cards[0].sdgs == [8, 13]
    assert [(t.kind, t.code, t.name, t.region_name) for t in cards[0].territories] == [
        ("commune", "48095", "Mende", "Occitanie")
    ]
    assert cards[0].get_absolute_url() == practice.get_absolute_url()
