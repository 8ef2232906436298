"""Permission matrix: the SDGs (API only)."""

from tests.security.matrix import expect, get

ENTRIES = {
    "GET /api/v1/odd": get("/api/v1/odd", expect(200)),
}
