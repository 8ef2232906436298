"""Permission matrix: the catalysts' network, contact requests, and personal data (export, deletion)."""

from django.urls import reverse

from tests.security.matrix import STAFF, expect, get, only, post, signed_in


def setup(world):
    from alliances.catalysts.enums import ProfileStatus
    from tests.catalysts.factories import CatalystProfileFactory, ContactRequestFactory, UserFactory

    world.catalyst_profile = CatalystProfileFactory(
        user=world.users["catalyst"], name="Claire Catalyseur", territories=[("departement", "48")]
    )
    # A profile waiting for moderation: visible to its owner and the moderators only.
    world.pending_profile = CatalystProfileFactory(
        user=UserFactory(), name="Profil en attente", status=ProfileStatus.PENDING
    )
    world.contact_request = ContactRequestFactory(catalyst=world.catalyst_profile, sender=world.users["member"])


def _request(name, *extra):
    return lambda w: reverse(name, args=[w.contact_request.pk, *extra])


PARTIES = ("member", "catalyst")  # the sender and the catalyst of the contact request

ENTRIES = {
    "catalysts:list": get("/catalyseurs/?territoire=departement:48", expect(200)),
    "catalysts:network": get("/catalyseurs/reseau/", expect(200)),
    "catalysts:detail": [
        get(lambda w: reverse("catalysts:detail", args=[w.catalyst_profile.pk]), expect(200)),
        get(
            lambda w: reverse("catalysts:detail", args=[w.pending_profile.pk]),
            expect(404, moderator=200, administrator=200),
            label="(profil en attente)",
        ),
    ],
    "catalysts:contact": [
        get(lambda w: reverse("catalysts:contact", args=[w.catalyst_profile.pk]), signed_in(200)),
        post(
            lambda w: reverse("catalysts:contact", args=[w.catalyst_profile.pk]),
            signed_in(302, catalyst=400),
            data={
                "subject": "Tiers-lieu",
                "message": "Bonjour, nous cherchons un accompagnement pour un tiers-lieu.",
                "territory": "commune:48095",
                "consent_share": "on",
            },
        ),
        get(
            lambda w: reverse("catalysts:contact", args=[w.pending_profile.pk]),
            signed_in(404),
            label="(profil en attente)",
        ),
    ],
    "catalysts:space": get("/catalyseurs/mon-espace/", signed_in(200)),
    "catalysts:profile_edit": [
        get("/catalyseurs/mon-profil/", only(["catalyst"])),
        post("/catalyseurs/mon-profil/", only(["catalyst"], 400), data={"name": ""}),
    ],
    "catalysts:request": get(_request("catalysts:request"), only(PARTIES, others=404)),
    "catalysts:request_answer": [
        get(_request("catalysts:request_answer", "clore"), signed_in(405)),
        post(_request("catalysts:request_answer", "clore"), only(PARTIES, 302, others=404)),
    ],
    "catalysts:moderation": [
        get("/catalyseurs/moderation/", only(STAFF)),
        post(
            "/catalyseurs/moderation/",
            only(STAFF, 302),
            data=lambda w: {"profile": w.pending_profile.pk, "decision": "valider"},
        ),
    ],
    "personal_data:export": get("/compte/mes-donnees/", signed_in(200)),
    "personal_data:delete": [
        get("/compte/supprimer/", signed_in(200)),
        post("/compte/supprimer/", signed_in(302), data={"password": "motdepasse-solide-42", "confirm": "on"}),
    ],
    "GET /api/v1/catalyseurs": get("/api/v1/catalyseurs?territoire=departement:48", expect(200)),
    "GET /api/v1/catalyseurs/{id}": [
        get(lambda w: f"/api/v1/catalyseurs/{w.catalyst_profile.pk}", expect(200)),
        get(lambda w: f"/api/v1/catalyseurs/{w.pending_profile.pk}", expect(404), label="(profil en attente)"),
    ],
}
