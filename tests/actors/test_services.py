import pytest
from django.core.exceptions import ValidationError

from alliances.actors.enums import OrganisationKind
from alliances.actors.indexing import SEARCH_KIND
from alliances.actors.models import Organisation
from alliances.actors.services import ActorsError, organisation_create, themes_ensure_builtin
from alliances.core.search import search_documents
from tests.actors.factories import commune

pytestmark = pytest.mark.django_db


def test_organisation_create_indexes_and_sets_themes(user, django_capture_on_commit_callbacks):
    mende = commune("48095")
    with django_capture_on_commit_callbacks(execute=True):
        org = organisation_create(
            name="Les Jardins Partagés de Mende",
            kind=OrganisationKind.ASSOCIATION,
            commune=mende,
            created_by=user,
            theme_codes=["024000", "017000"],
        )
    assert org.pk and org.commune == mende and org.created_by == user
    # Found by the full-text index, accents and case aside, filtered by its territory.
    found = search_documents(kind=SEARCH_KIND, query="jardins partages", tags=["departement:48"])
    assert [m.object_id for m in found] == [org.pk]
    assert sorted(org.themes.values_list("code", flat=True)) == ["017000", "024000"]
    # Santé → 3, environnement → 13 et 15 (data/theme_sdg.yaml).
    assert sorted(org.sdgs.values_list("number", flat=True)) == [3, 13, 15]


def test_organisation_create_rejects_unknown_kind_and_blank_name():
    with pytest.raises(ActorsError, match="Type d'organisation inconnu"):
        organisation_create(name="X", kind="club")
    with pytest.raises(ActorsError, match="nom"):
        organisation_create(name="  ", kind=OrganisationKind.AUTRE)
    assert not Organisation.objects.exists()


def test_siret_checksum_is_validated():
    with pytest.raises(ValidationError, match="SIRET"):
        organisation_create(name="Boulangerie", kind=OrganisationKind.ENTREPRISE, siret="12345678901234")
    org = organisation_create(
        name="Boulangerie", kind=OrganisationKind.ENTREPRISE, siret="73282932000074", siren="732829320"
    )
    assert org.siret == "73282932000074"


def test_builtin_themes_are_idempotent():
    first = themes_ensure_builtin()
    assert themes_ensure_builtin() == first
    assert len([c for c in first if not c.startswith("NAF-")]) == 29
    assert len([c for c in first if c.startswith("NAF-")]) == 21
