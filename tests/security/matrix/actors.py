"""Permission matrix: the directory of actors (organisations, claims, contact)."""

from django.urls import reverse

from tests.security.matrix import STAFF, expect, get, only, post, signed_in


def setup(world):
    from alliances.actors.models import OrganisationClaim
    from tests.actors.factories import OrganisationFactory

    world.organisation = OrganisationFactory(name="Association Lozère Solidaire", rna_id="W481999001")
    world.organisation.members.add(world.users["member"])
    world.claim = OrganisationClaim.objects.create(
        organisation=world.organisation,
        user=world.users["other_org"],
        message="Je suis la trésorière de l'association.",
    )


def _org(name):
    return lambda w: reverse(name, args=[w.organisation.pk])


def _claim_decide(w):
    return reverse("actors:claim_decide", args=[w.claim.pk])


EDITORS = ("member", *STAFF)

ENTRIES = {
    "actors:list": get("/acteurs/?q=lozere", expect(200)),
    "actors:need": get("/acteurs/besoin/?besoin=solidarit%C3%A9&territoire=departement%3A48", expect(200)),
    "actors:claims": get("/acteurs/rattachements/", only(STAFF)),
    "actors:claim_decide": [
        get(_claim_decide, signed_in(405)),
        post(_claim_decide, only(STAFF, 302), data={"decision": "refuser", "motif": "Pas de preuve"}),
    ],
    "actors:detail": get(_org("actors:detail"), expect(200)),
    "actors:claim": [
        get(_org("actors:claim"), signed_in(200)),
        post(
            _org("actors:claim"),
            signed_in(302, member=200, other_org=200),  # already member / claim pending
            data={"message": "Je préside cette association depuis 2019."},
        ),
    ],
    "actors:edit": [
        get(_org("actors:edit"), only(EDITORS)),
        post(_org("actors:edit"), only(EDITORS, 302), data={"description": "Une association du causse."}),
    ],
    "actors:contact": [
        get(_org("actors:contact"), signed_in(200)),
        post(
            _org("actors:contact"),
            signed_in(302),
            data={
                "sender_name": "Octave",
                "sender_email": "octave@exemple.fr",
                "subject": "Partenariat",
                "body": "Bonjour, nous aimerions vous rencontrer.",
            },
        ),
    ],
    "GET /api/v1/acteurs": get("/api/v1/acteurs?departement=48", expect(200)),
    "GET /api/v1/acteurs/{acteur_id}": get(lambda w: f"/api/v1/acteurs/{w.organisation.pk}", expect(200)),
}
