"""Writes to the territory referential."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from alliances.core.text import normalize
from alliances.territories.enums import CommuneType, TerritoryKind
from alliances.territories.importers.referential import (
    DEFAULT_PATH,
    CommuneRow,
    DepartementRow,
    EpciRow,
    Referential,
    RegionRow,
    parse_referential,
)
from alliances.territories.models import CommuneAlias, PostalCode, ReferentialLoad, Territory, TerritoryPopulation

POPULATION_SOURCE = "INSEE, populations légales (via Etalab, découpage administratif {vintage})"
_BATCH = 2000
_UPDATED_FIELDS = [
    "name",
    "search_name",
    "siren",
    "commune_type",
    "epci_type",
    "zone",
    "chef_lieu",
    "population",
    "population_vintage",
    "departement",
    "region",
    "epci",
    "cog_vintage",
]


@dataclass(frozen=True)
class LoadResult:
    skipped: bool
    counts: dict[str, int]


def referential_load(
    *, path: Path = DEFAULT_PATH, only_departements: Iterable[str] | None = None, force: bool = False
) -> LoadResult:
    """Load (or update) the official referential; a file already loaded is skipped.

    `only_departements` restricts the load to some départements (and their régions and
    EPCI): tests and one-territory instances use it.
    """
    raw = path.read_bytes()
    checksum = hashlib.sha256(raw).hexdigest()
    subset = sorted(only_departements) if only_departements else None
    source_label = f"{path.name}" + (f" [{','.join(subset)}]" if subset else "")
    if not force and ReferentialLoad.objects.filter(checksum=checksum, source=source_label).exists():
        return LoadResult(skipped=True, counts={})
    referential = parse_referential(raw)
    with transaction.atomic():
        counts = _upsert(referential, set(subset) if subset else None)
        ReferentialLoad.objects.create(
            source=source_label, checksum=checksum, vintage=referential.vintage, counts=counts
        )
    return LoadResult(skipped=False, counts=counts)


def _upsert_rows(kind: str, rows: list[Territory]) -> dict[str, int]:
    """Insert or update rows; return the ids of the main rows (current communes) by code."""
    Territory.objects.bulk_create(
        rows,
        batch_size=_BATCH,
        update_conflicts=True,
        unique_fields=["kind", "code", "commune_type"],
        update_fields=_UPDATED_FIELDS,
    )
    ids = Territory.objects.filter(kind=kind).exclude(commune_type__in=[CommuneType.DELEGUEE, CommuneType.ASSOCIEE])
    return dict(ids.values_list("code", "id"))


def _sub_commune_ids() -> dict[tuple[str, str], int]:
    rows = Territory.objects.filter(commune_type__in=[CommuneType.DELEGUEE, CommuneType.ASSOCIEE])
    return {(code, kind): pk for code, kind, pk in rows.values_list("code", "commune_type", "id")}


def _upsert(ref: Referential, subset: set[str] | None) -> dict[str, int]:
    vintage = ref.vintage
    communes = [c for c in ref.communes if subset is None or c.departement in subset]
    departements = [d for d in ref.departements if subset is None or d.code in subset]
    region_codes = {d.region for d in departements}
    regions = [r for r in ref.regions if subset is None or r.code in region_codes]
    commune_codes = {c.code for c in communes}
    epcis = [e for e in ref.epcis if subset is None or any(m in commune_codes for m in e.members)]

    region_ids = _upsert_rows(
        TerritoryKind.REGION,
        [
            Territory(
                kind=TerritoryKind.REGION,
                code=r.code,
                name=r.name,
                search_name=normalize(r.name),
                chef_lieu=r.chef_lieu,
                zone=r.zone,
                population=r.population,
                population_vintage=vintage,
                cog_vintage=vintage,
            )
            for r in regions
        ],
    )
    dep_ids = _upsert_rows(
        TerritoryKind.DEPARTEMENT,
        [
            Territory(
                kind=TerritoryKind.DEPARTEMENT,
                code=d.code,
                name=d.name,
                search_name=normalize(d.name),
                chef_lieu=d.chef_lieu,
                zone=d.zone,
                population=d.population,
                population_vintage=vintage,
                cog_vintage=vintage,
                region_id=region_ids.get(d.region),
            )
            for d in departements
        ],
    )
    dep_region = {d.code: d.region for d in ref.departements}
    commune_dep = {c.code: c.departement for c in ref.communes}
    commune_pop = {c.code: c.population or 0 for c in ref.communes}
    epci_ids = _upsert_rows(
        TerritoryKind.EPCI,
        [_epci_territory(e, vintage, commune_dep, commune_pop, dep_ids, dep_region, region_ids) for e in epcis],
    )
    commune_ids = _upsert_rows(
        TerritoryKind.COMMUNE,
        [
            Territory(
                kind=TerritoryKind.COMMUNE,
                code=c.code,
                name=c.name,
                search_name=normalize(c.name),
                siren=c.siren,
                commune_type=c.commune_type,
                zone=c.zone,
                population=c.population,
                population_vintage=vintage if c.population is not None else None,
                cog_vintage=vintage,
                departement_id=dep_ids.get(c.departement),
                region_id=region_ids.get(c.region),
                epci_id=epci_ids.get(c.epci),
            )
            for c in communes
        ],
    )
    # Delegated communes and arrondissements point at their commune once all ids exist.
    sub_ids = _sub_commune_ids()
    children = [
        Territory(
            id=sub_ids.get((c.code, c.commune_type)) or commune_ids[c.code],
            parent_commune_id=commune_ids[c.parent_commune],
        )
        for c in communes
        if c.commune_type != CommuneType.ACTUELLE and c.parent_commune in commune_ids
    ]
    Territory.objects.bulk_update(children, ["parent_commune"], batch_size=_BATCH)

    communes_with_codes = [c for c in communes if c.commune_type in (CommuneType.ACTUELLE, CommuneType.ARRONDISSEMENT)]
    _replace_postal_codes(communes_with_codes, commune_ids, vintage)
    former = _replace_former_communes(ref.former, commune_ids)
    populations = _population_rows(
        ref,
        regions,
        departements,
        epcis,
        communes,
        {"region": region_ids, "departement": dep_ids, "epci": epci_ids, "commune": commune_ids},
    )
    TerritoryPopulation.objects.bulk_create(
        populations,
        batch_size=_BATCH,
        update_conflicts=True,
        unique_fields=["territory", "vintage"],
        update_fields=["population", "source"],
    )
    return dict(
        Counter(
            {
                "regions": len(regions),
                "departements": len(departements),
                "epci": len(epcis),
                "communes": len(communes),
                "populations": len(populations),
                "anciennes communes": former,
            }
        )
    )


def _epci_territory(
    e: EpciRow,
    vintage: int,
    commune_dep: dict[str, str],
    commune_pop: dict[str, int],
    dep_ids: dict[str, int],
    dep_region: dict[str, str],
    region_ids: dict[str, int],
) -> Territory:
    # An EPCI may straddle départements: it is filed under the one holding most of its people.
    weights: Counter[str] = Counter()
    for member in e.members:
        weights[commune_dep.get(member, "")] += commune_pop.get(member, 0)
    main_dep = weights.most_common(1)[0][0] if weights else ""
    return Territory(
        kind=TerritoryKind.EPCI,
        code=e.siren,
        siren=e.siren,
        name=e.name,
        search_name=normalize(e.name),
        epci_type=e.legal_type,
        population=e.population,
        population_vintage=vintage,
        cog_vintage=vintage,
        departement_id=dep_ids.get(main_dep),
        region_id=region_ids.get(dep_region.get(main_dep, "")),
    )


def _replace_postal_codes(communes: list[CommuneRow], commune_ids: dict[str, int], vintage: int) -> None:
    ids = [commune_ids[c.code] for c in communes]
    for start in range(0, len(ids), 500):
        PostalCode.objects.filter(commune_id__in=ids[start : start + 500]).delete()
    PostalCode.objects.bulk_create(
        [
            PostalCode(code=pc, commune_id=commune_ids[c.code], vintage=vintage)
            for c in communes
            for pc in dict.fromkeys(c.postal_codes)
        ],
        batch_size=_BATCH,
    )


def _replace_former_communes(former: list[tuple[str, str, str]], commune_ids: dict[str, int]) -> int:
    """The COG history: each former commune code (and name when known) points at today's commune."""
    rows = [
        CommuneAlias(
            commune_id=commune_ids[current],
            source=CommuneAlias.Source.COG,
            former_code=old,
            name=name,
            search_name=normalize(name),
        )
        for old, current, name in former
        if current in commune_ids
    ]
    ids = sorted({row.commune_id for row in rows})
    for start in range(0, len(ids), 500):
        CommuneAlias.objects.filter(source=CommuneAlias.Source.COG, commune_id__in=ids[start : start + 500]).delete()
    CommuneAlias.objects.bulk_create(rows, batch_size=_BATCH)
    return len(rows)


def _population_rows(
    ref: Referential,
    regions: list[RegionRow],
    departements: list[DepartementRow],
    epcis: list[EpciRow],
    communes: list[CommuneRow],
    ids: dict[str, dict[str, int]],
) -> list[TerritoryPopulation]:
    current = POPULATION_SOURCE.format(vintage=ref.vintage)
    previous = POPULATION_SOURCE.format(vintage=ref.previous_vintage) + ", à périmètre constant"
    rows: list[TerritoryPopulation] = []
    main_communes = [c for c in communes if c.commune_type in (CommuneType.ACTUELLE, CommuneType.ARRONDISSEMENT)]
    levels: list[tuple[str, Sequence[RegionRow | DepartementRow | EpciRow | CommuneRow], str]] = [
        ("region", regions, "regions"),
        ("departement", departements, "departements"),
        ("epci", epcis, "epci"),
        ("commune", main_communes, "communes"),
    ]
    for kind, items, previous_key in levels:
        old = ref.previous.get(previous_key, {})
        for item in items:
            code = item.siren if isinstance(item, EpciRow) else item.code
            territory_id = ids[kind].get(code)
            if territory_id is None:
                continue
            if item.population is not None:
                rows.append(
                    TerritoryPopulation(
                        territory_id=territory_id, vintage=ref.vintage, population=item.population, source=current
                    )
                )
            if code in old:
                rows.append(
                    TerritoryPopulation(
                        territory_id=territory_id, vintage=ref.previous_vintage, population=old[code], source=previous
                    )
                )
    return rows
