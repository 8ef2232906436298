"""Permission matrix: alerts, notifications and the one-click unsubscribe (/compte/alertes/…)."""

from tests.security.matrix import expect, get, post, signed_in


def setup(world):
    from alliances.alerts import services
    from alliances.alerts.tokens import unsubscribe_token

    world.alert = services.alert_create_search(user=world.users["member"], search_kind="pratiques", query="odd=3")
    world.unsubscribe_token = unsubscribe_token(user_id=world.users["member"].pk, alert_ids=[world.alert.pk])


def _own(action):
    """The member's own alert: only they act on it; everyone else gets 404 (its existence is private)."""
    return lambda world: f"/compte/alertes/{world.alert.pk}/{action}/"


ENTRIES = {
    "alerts:list": get("/compte/alertes/", signed_in(200)),
    "alerts:create": [
        get("/compte/alertes/creer/?type=acteurs&recherche=territoire%3DMende", signed_in(200)),
        get("/compte/alertes/creer/?type=inconnu", signed_in(404), label="(page inconnue)"),
        post(
            "/compte/alertes/creer/",
            signed_in(302),
            data={"type": "pratiques", "recherche": "odd=5", "frequency": "quotidien"},
        ),
    ],
    "alerts:update": [
        get(_own("frequence"), signed_in(405)),
        post(_own("frequence"), signed_in(404, member=302), data=lambda w: {f"a{w.alert.pk}-frequency": "immediat"}),
    ],
    "alerts:pause": post(_own("pause"), signed_in(404, member=302), data={"pause": "1"}),
    "alerts:delete": post(_own("supprimer"), signed_in(404, member=302)),
    "alerts:notifications": get("/compte/notifications/", signed_in(200)),
    "alerts:unsubscribe": [
        # The signed link is the proof: anyone holding it (the mail client) may use it, no sign-in.
        get(lambda w: f"/alertes/desabonnement/{w.unsubscribe_token}/", expect(200)),
        post(lambda w: f"/alertes/desabonnement/{w.unsubscribe_token}/", expect(200), csrf_exempt=True),
        post("/alertes/desabonnement/jeton-altere/", expect(400), label="(jeton altéré)", csrf_exempt=True),
    ],
}
