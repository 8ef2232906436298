"""Permission matrix: the observatory (public aggregates; confidential sources stay aggregated)."""

from tests.security.matrix import expect, get

ENTRIES = {
    "observatory:home": get("/observatoire/", expect(200)),
    "observatory:open_data": get("/observatoire/donnees/", expect(200)),
    # No export file is generated in the matrix's world: a clean 404 for everyone.
    "observatory:download": get("/observatoire/donnees/pratiques.csv", expect(404)),
    "observatory:national_csv": get("/observatoire/chiffres.csv", expect(200)),
    "observatory:dashboard": get("/observatoire/departement/48/", expect(200)),
    "observatory:counts_csv": get("/observatoire/departement/48/chiffres.csv", expect(200)),
    "GET /api/v1/observatoire/chiffres": get("/api/v1/observatoire/chiffres?territoire=departement:48", expect(200)),
}
