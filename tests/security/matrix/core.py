"""Permission matrix: home, search, health, theme and legal pages (alliances.core)."""

from tests.security.matrix import expect, get

ENTRIES = {
    "core:home": get("/", expect(200)),
    "core:search": get("/recherche/?q=mende", expect(200)),
    "core:health": get("/sante", expect(200)),
    "core:theme": get("/theme.css", expect(200)),
    "core:hello": get("/_bonjour", expect(200)),
    "core:accessibility": get("/accessibilite/", expect(200)),
    "core:legal": get("/mentions-legales/", expect(200)),
    "core:privacy": get("/donnees-personnelles/", expect(200)),
}
