"""Permission matrix: territory portraits and indicators (public data)."""

from tests.security.matrix import expect, get

ENTRIES = {
    "indicators:portrait": get("/territoires/commune/48095/portrait/", expect(200)),
    "indicators:portrait_pdf": get("/territoires/commune/48095/portrait.pdf", expect(200)),
    "GET /api/v1/communes/{code}/indicateurs": get("/api/v1/communes/48095/indicateurs", expect(200)),
    "GET /api/v1/epcis/{code}/indicateurs": get("/api/v1/epcis/244800405/indicateurs", expect(200)),
    "GET /api/v1/departements/{code}/indicateurs": get("/api/v1/departements/48/indicateurs", expect(200)),
    "GET /api/v1/regions/{code}/indicateurs": get("/api/v1/regions/76/indicateurs", expect(200)),
    "GET /api/v1/communes/{code}/fragilites": get("/api/v1/communes/48095/fragilites", expect(200)),
}
