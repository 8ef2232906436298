"""Sizes of the synthetic dataset: the national preset, and one département sized as its share.

Organisations are spread over communes as `floor + rate × population` (every commune, however
small, has a few associations and businesses; then proportionally to inhabitants), with the rate
chosen so that the national total is the preset's. The `departement` preset applies the same rule
to the communes of one département, so its counts are that département's share of the nation
(Lozère, 48: about 3,500 associations and 3,900 establishments for 76,000 inhabitants; the real
RNA *import* file of Lozère alone has 3,186 associations declared before 2009). Contents that
are not attached to one commune (practices, catalysts, users) take the population share with a
floor, so that lists, facets and pagination have real volume.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

# National population of the referential (communes, 2022 vintage), used for shares.
NATIONAL_POPULATION = 68_000_000
ASSOCIATION_FLOOR = 12  # per commune
ESTABLISHMENT_FLOOR = 5  # per commune


@dataclass(frozen=True)
class Sizes:
    associations: int
    establishments: int
    practices: int
    alliances: int
    catalysts: int
    users: int
    assessments: int

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


NATIONAL = Sizes(
    associations=1_900_000,
    establishments=3_000_000,
    practices=20_000,
    alliances=100_000,
    catalysts=350,
    users=200_000,
    assessments=10_000,
)
# Floors of the département preset for contents that are national rather than local.
DEPARTEMENT_FLOORS = Sizes(
    associations=0, establishments=0, practices=300, alliances=150, catalysts=30, users=1_000, assessments=100
)


def per_commune(
    total: int,
    floor: int,
    populations: list[int],
    national_communes: int,
    national_population: int = NATIONAL_POPULATION,
) -> list[int]:
    """Split a national total as `floor + rate × population` for the given communes.

    `national_communes` and `national_population` fix the rate (so a département gets its
    share of the nation, not the whole total); rounding keeps the sum exact nationally.
    """
    rate = max(total - floor * national_communes, 0) / max(national_population, 1)
    counts, carry = [], 0.0
    for population in populations:
        exact = floor + rate * max(population, 0) + carry
        count = int(exact + 1e-9)  # float sums: 999.9999… is 1,000
        carry = exact - count
        counts.append(count)
    return counts


def departement_sizes(population: int, *, associations: int, establishments: int) -> Sizes:
    share = population / NATIONAL_POPULATION
    scaled = {
        name: max(round(value * share), getattr(DEPARTEMENT_FLOORS, name)) for name, value in NATIONAL.as_dict().items()
    }
    return Sizes(**{**scaled, "associations": associations, "establishments": establishments})


def with_overrides(sizes: Sizes, **overrides: int | None) -> Sizes:
    return replace(sizes, **{k: v for k, v in overrides.items() if v is not None})
