"""The organisations' documents in the shared full-text search (alliances.core.search).

Filters of the directory are tags of the document, so that a text query filtered by
territory, type, theme or SDG is answered by the index alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from alliances.actors.enums import EMPLOYER_BANDS, OrganisationStatus
from alliances.actors.models import Organisation
from alliances.core.search import IndexEntry, delete_document, index_documents_bulk

SEARCH_KIND = "organisation"


def commune_tags(commune) -> tuple[str, ...]:
    if commune is None:
        return ()
    pairs = (("commune", commune.code), ("departement", commune.departement.code if commune.departement else ""),
             ("epci", commune.epci.code if commune.epci else ""), ("region", commune.region.code if commune.region else ""))
    return tuple(f"{kind}:{code}" for kind, code in pairs if code)


def organisation_entry(object_id: int, *, name: str, short_name: str, register_object: str, description: str,
                       kind: str, status: str, is_ess: bool, headcount_band: str, territory_tags: Iterable[str],
                       sdgs: Iterable[int], theme_codes: Iterable[str]) -> IndexEntry:
    """The search document of an organisation from its values: name first, then objects; filters as tags."""
    tags = [*territory_tags, f"type:{kind}", *(f"odd:{n}" for n in sdgs), *(f"theme:{c}" for c in theme_codes)]
    if status == OrganisationStatus.ACTIVE:
        tags.append("actif")
    if is_ess:
        tags.append("ess")
    if headcount_band in EMPLOYER_BANDS:
        tags.append("employeur")
    return IndexEntry(
        object_id=object_id,
        title=f"{name} {short_name}" if short_name else name,
        body=f"{register_object} {description}" if register_object and description else register_object or description,
        tags=tags,
    )


def search_entry(organisation: Organisation, territory_tags: Iterable[str], sdgs: Iterable[int],
                 theme_codes: Iterable[str]) -> IndexEntry:
    """The search document of an organisation (see organisation_entry)."""
    o = organisation
    return organisation_entry(
        o.pk, name=o.name, short_name=o.short_name, register_object=o.register_object, description=o.description,
        kind=o.kind, status=o.status, is_ess=o.is_ess, headcount_band=o.headcount_band,
        territory_tags=territory_tags, sdgs=sdgs, theme_codes=theme_codes,
    )


def organisations_reindex(organisations: Iterable[Organisation]) -> int:
    """(Re)write the documents of organisations (themes and SDGs read from the database)."""
    def entries():
        for o in organisations:
            yield search_entry(o, commune_tags(o.commune), [s.number for s in o.sdgs.all()],
                               [t.code for t in o.themes.all() if t.family_id is None])
    return index_documents_bulk(SEARCH_KIND, entries())


def organisation_reindex(organisation: Organisation) -> None:
    organisation = (Organisation.objects.select_related("commune__departement", "commune__epci", "commune__region")
                    .prefetch_related("themes", "sdgs").get(pk=organisation.pk))
    organisations_reindex([organisation])


def organisation_unindex(organisation_id: int) -> None:
    delete_document(kind=SEARCH_KIND, object_id=organisation_id)
