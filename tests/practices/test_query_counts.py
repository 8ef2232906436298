"""Every list of the practices app makes a bounded number of queries, whatever its length.

Each list is read with 8 items: one query per item would exceed the bound.
"""

import pytest
from django.utils import timezone

from alliances.practices import services
from alliances.practices.enums import Status
from alliances.practices.models import CorrectionProposal
from tests.practices.factories import (
    PracticeFactory,
    UserFactory,
    commune,
    moderator,
    published_practice,
)

pytestmark = pytest.mark.django_db

ITEMS = 8


@pytest.fixture
def contributor():
    return UserFactory()


@pytest.fixture
def published(contributor):
    practices = [
        published_practice(
            contributor=contributor,
            sdgs=[8, 4],
            fragilities=["emploi", "jeunesse"],
            territories=[commune("48095"), commune("69123")],
        )
        for _ in range(ITEMS)
    ]
    for practice in practices:
        practice.partners.create(name="Association fictive", role="porteur")
    return practices


def test_search_page_and_api(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get("/pratiques/", {"q": "pratique"}).status_code == 200
    with django_assert_max_num_queries(10):
        data = client.get("/api/v1/pratiques", {"limit": 50}).json()
    assert len(data["items"]) == ITEMS


def test_my_practices(client, contributor, published, django_assert_max_num_queries):
    client.force_login(contributor)
    with django_assert_max_num_queries(8):
        page = client.get("/pratiques/mes-pratiques/").content.decode()
    assert page.count("Publiée") >= ITEMS


def test_moderation_queue_and_corrections(client, published, django_assert_max_num_queries):
    for _ in range(ITEMS):
        practice = PracticeFactory(status=Status.SUBMITTED, submitted_at=timezone.now())
        practice.territories.set([commune("48095")])
    for practice in published:
        CorrectionProposal.objects.create(practice=practice, author=UserFactory(), text="Le budget est faux.")
    client.force_login(moderator())
    with django_assert_max_num_queries(10):
        page = client.get("/pratiques/moderation/").content.decode()
    assert f"Pratiques soumises ({ITEMS})" in page
    assert page.count("Le budget est faux.") == ITEMS


def test_history(client, published, django_assert_max_num_queries):
    practice = published[0]
    boss = moderator()
    for n in range(ITEMS):  # a moderator's edit of a published practice writes a revision
        services.practice_save_draft(practice=practice, by=boss, fields={"title": f"Titre {n}"})
    assert practice.revisions.count() > ITEMS
    with django_assert_max_num_queries(10):
        assert client.get(f"/pratiques/{practice.pk}/historique/").status_code == 200


def test_exports(client, published, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        csv = client.get("/pratiques/export.csv").content.decode()
    assert csv.count("Association fictive") == ITEMS
    with django_assert_max_num_queries(8):
        data = client.get("/pratiques/export.json").json()
    assert len(data["pratiques"]) == ITEMS
