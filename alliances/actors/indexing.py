"""The organisations' documents in the shared full-text search (alliances.core.search).

Filters of the directory are tags of the document, so that a text query filtered by
territory, type, theme or SDG is answered by the index alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from alliances.actors.enums import EMPLOYER_BANDS, OrganisationStatus
from alliances.actors.models import Organisation
from alliances.core.search import IndexEntry, delete_document, index_documents

SEARCH_KIND = "organisation"


def commune_tags(commune) -> tuple[str, ...]:
    if commune is None:
        return ()
    pairs = (("commune", commune.code), ("departement", commune.departement.code if commune.departement else ""),
             ("epci", commune.epci.code if commune.epci else ""), ("region", commune.region.code if commune.region else ""))
    return tuple(f"{kind}:{code}" for kind, code in pairs if code)


def search_entry(organisation: Organisation, territory_tags: Iterable[str], sdgs: Iterable[int],
                 theme_codes: Iterable[str]) -> IndexEntry:
    """The search document of an organisation: name first, then objects; filters as tags."""
    tags = [*territory_tags, f"type:{organisation.kind}", *(f"odd:{n}" for n in sdgs),
            *(f"theme:{c}" for c in theme_codes)]
    if organisation.status == OrganisationStatus.ACTIVE:
        tags.append("actif")
    if organisation.is_ess:
        tags.append("ess")
    if organisation.headcount_band in EMPLOYER_BANDS:
        tags.append("employeur")
    return IndexEntry(
        object_id=organisation.pk,
        title=" ".join(filter(None, [organisation.name, organisation.short_name])),
        body=" ".join(filter(None, [organisation.register_object, organisation.description])),
        tags=tags,
    )


def organisations_reindex(organisations: Iterable[Organisation]) -> int:
    """(Re)write the documents of organisations (themes and SDGs read from the database)."""
    def entries():
        for o in organisations:
            yield search_entry(o, commune_tags(o.commune), [s.number for s in o.sdgs.all()],
                               [t.code for t in o.themes.all() if t.family_id is None])
    return index_documents(SEARCH_KIND, entries())


def organisation_reindex(organisation: Organisation) -> None:
    organisation = (Organisation.objects.select_related("commune__departement", "commune__epci", "commune__region")
                    .prefetch_related("themes", "sdgs").get(pk=organisation.pk))
    organisations_reindex([organisation])


def organisation_unindex(organisation_id: int) -> None:
    delete_document(kind=SEARCH_KIND, object_id=organisation_id)
