"""Permission matrix: the API's own pages (schema, documentation, root)."""

from tests.security.matrix import expect, get

ENTRIES = {
    "api-v1:openapi-json": get("/api/v1/openapi.json", expect(200)),
    "api-v1:openapi-view": get("/api/v1/docs", expect(200)),
    "api-v1:api-root": get("/api/v1/", expect(404)),
}
