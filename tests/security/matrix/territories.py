"""Permission matrix: territory pages and the geographic API (public data)."""

from tests.security.matrix import expect, get

ENTRIES = {
    "territories:suggestions": get("/territoires/suggestions/?q=mend", expect(200)),
    "territories:autocomplete": get("/territoires/autocompletion/?q=mend", expect(200)),
    "territories:detail": get("/territoires/commune/48095/", expect(200)),
    "territories:communes": get("/territoires/departement/48/communes/", expect(200)),
    "GET /api/v1/territoires": get("/api/v1/territoires?q=mende", expect(200)),
    "GET /api/v1/communes": get("/api/v1/communes?codePostal=48000", expect(200)),
    "GET /api/v1/communes/{code}": get("/api/v1/communes/48095", expect(200)),
    "GET /api/v1/epcis/{code}": get("/api/v1/epcis/244800405", expect(200)),
    "GET /api/v1/departements": get("/api/v1/departements", expect(200)),
    "GET /api/v1/departements/{code}": get("/api/v1/departements/48", expect(200)),
    "GET /api/v1/regions": get("/api/v1/regions", expect(200)),
    "GET /api/v1/regions/{code}": get("/api/v1/regions/76", expect(200)),
}
