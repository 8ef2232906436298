"""The organisations' documents in the shared full-text search (alliances.core.search).

Filters of the directory are tags of the document, so that a text query filtered by
territory, type, theme or SDG is answered by the index alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from alliances.actors.enums import EMPLOYER_BANDS, ListingStatus, OrganisationStatus
from alliances.actors.models import Organisation
from alliances.core.search import IndexEntry, delete_document, index_documents_bulk

SEARCH_KIND = "organisation"


def commune_tags(commune) -> tuple[str, ...]:
    if commune is None:
        return ()
    pairs = (
        ("commune", commune.code),
        ("departement", commune.departement.code if commune.departement else ""),
        ("epci", commune.epci.code if commune.epci else ""),
        ("region", commune.region.code if commune.region else ""),
    )
    return tuple(f"{kind}:{code}" for kind, code in pairs if code)


def organisation_text(*, name: str, short_name: str, register_object: str, description: str) -> tuple[str, str]:
    """(title, body) of an organisation's document: name first, then objects."""
    return (
        f"{name} {short_name}" if short_name else name,
        f"{register_object} {description}" if register_object and description else register_object or description,
    )


def organisation_tags(
    *,
    kind: str,
    status: str,
    is_ess: bool,
    headcount_band: str,
    territory_tags: Iterable[str],
    sdgs: Iterable[int],
    theme_codes: Iterable[str],
) -> list[str]:
    """The tags of an organisation's document: the directory's filters."""
    tags = [*territory_tags, f"type:{kind}", *(f"odd:{n}" for n in sdgs), *(f"theme:{c}" for c in theme_codes)]
    if status == OrganisationStatus.ACTIVE:
        tags.append("actif")
    if is_ess:
        tags.append("ess")
    if headcount_band in EMPLOYER_BANDS:
        tags.append("employeur")
    return tags


def organisation_entry(
    object_id: int,
    *,
    name: str,
    short_name: str,
    register_object: str,
    description: str,
    kind: str,
    status: str,
    is_ess: bool,
    headcount_band: str,
    territory_tags: Iterable[str],
    sdgs: Iterable[int],
    theme_codes: Iterable[str],
) -> IndexEntry:
    """The search document of an organisation from its values: name first, then objects; filters as tags."""
    title, body = organisation_text(
        name=name, short_name=short_name, register_object=register_object, description=description
    )
    return IndexEntry(
        object_id=object_id,
        title=title,
        body=body,
        tags=organisation_tags(
            kind=kind,
            status=status,
            is_ess=is_ess,
            headcount_band=headcount_band,
            territory_tags=territory_tags,
            sdgs=sdgs,
            theme_codes=theme_codes,
        ),
    )


def search_entry(
    organisation: Organisation, territory_tags: Iterable[str], sdgs: Iterable[int], theme_codes: Iterable[str]
) -> IndexEntry:
    """The search document of an organisation (see organisation_entry)."""
    o = organisation
    return organisation_entry(
        o.pk,
        name=o.name,
        short_name=o.short_name,
        register_object=o.register_object,
        description=o.description,
        kind=o.kind,
        status=o.status,
        is_ess=o.is_ess,
        headcount_band=o.headcount_band,
        territory_tags=territory_tags,
        sdgs=sdgs,
        theme_codes=theme_codes,
    )


def organisations_reindex(organisations: Iterable[Organisation]) -> int:
    """(Re)write the documents of organisations (themes and SDGs read from the database)."""

    def entries():
        for o in organisations:
            yield search_entry(
                o,
                commune_tags(o.commune),
                [s.number for s in o.sdgs.all()],
                [t.code for t in o.themes.all() if t.family_id is None],
            )

    return index_documents_bulk(SEARCH_KIND, entries())


def organisations_reindex_ids(ids: list[int]) -> int:
    """(Re)write the documents of the organisations with these ids, from plain values (an
    import reindexes thousands per batch: no model instances, a fixed number of queries)."""
    from collections import defaultdict

    from alliances.territories.models import Territory

    if not ids:
        return 0
    themes_through, sdgs_through = Organisation.themes.through, Organisation.sdgs.through
    sdgs_of, themes_of = defaultdict(list), defaultdict(list)
    for organisation_id, number in (
        sdgs_through.objects.filter(organisation_id__in=ids).values_list("organisation_id", "sdg_id").order_by("sdg_id")
    ):
        sdgs_of[organisation_id].append(number)
    for organisation_id, code in themes_through.objects.filter(
        organisation_id__in=ids, theme__family__isnull=True
    ).values_list("organisation_id", "theme__code"):
        themes_of[organisation_id].append(code)
    rows = list(
        Organisation.objects.filter(pk__in=ids, listing=ListingStatus.LISTED).values_list(
            "pk",
            "name",
            "short_name",
            "register_object",
            "description",
            "kind",
            "status",
            "is_ess",
            "headcount_band",
            "commune_id",
        )
    )
    tags_of = {
        id_: tuple(
            f"{kind}:{code}"
            for kind, code in (("commune", code), ("departement", dep), ("epci", epci), ("region", region))
            if code
        )
        for id_, code, dep, epci, region in Territory.objects.filter(id__in={r[-1] for r in rows if r[-1]}).values_list(
            "id", "code", "departement__code", "epci__code", "region__code"
        )
    }
    return index_documents_bulk(
        SEARCH_KIND,
        (
            organisation_entry(
                pk,
                name=name,
                short_name=short_name,
                register_object=register_object,
                description=description,
                kind=kind,
                status=status,
                is_ess=is_ess,
                headcount_band=headcount_band,
                territory_tags=tags_of.get(commune_id, ()),
                sdgs=sdgs_of[pk],
                theme_codes=themes_of[pk],
            )
            for pk, name, short_name, register_object, description, kind, status, is_ess, headcount_band, commune_id in rows
        ),
    )


def organisation_reindex(organisation: Organisation) -> None:
    """(Re)write the organisation's document; one out of the directory (typed in a form, not yet
    listed by a moderator) has none, so that no search finds it."""
    if not Organisation.objects.filter(pk=organisation.pk).listed().exists():
        organisation_unindex(organisation.pk)
        return
    organisation = (
        Organisation.objects.select_related("commune__departement", "commune__epci", "commune__region")
        .prefetch_related("themes", "sdgs")
        .get(pk=organisation.pk)
    )
    organisations_reindex([organisation])


def organisation_unindex(organisation_id: int) -> None:
    delete_document(kind=SEARCH_KIND, object_id=organisation_id)
