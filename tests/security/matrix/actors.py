"""Permission matrix: the directory of actors (organisations, claims, contact)."""

from django.urls import reverse

from tests.security.matrix import STAFF, expect, get, only, post, signed_in


def setup(world):
    from alliances.actors.models import CollectiviteLink, Organisation, OrganisationClaim
    from alliances.actors.services import claim_token
    from alliances.territories.models import Territory
    from tests.actors.factories import OrganisationFactory

    world.organisation = OrganisationFactory(name="Association Lozère Solidaire", rna_id="W481999001")
    world.organisation.members.add(world.users["member"])
    world.claim = OrganisationClaim.objects.create(
        organisation=world.organisation,
        user=world.users["other_org"],
        message="Je suis la trésorière de l'association.",
    )
    # A claim by an address on the domain, waiting for its confirmation link (the partner's).
    world.domain_claim = OrganisationClaim.objects.create(
        organisation=world.organisation, user=world.users["partner"], proof_email="paul@lozere-solidaire.fr"
    )
    world.claim_token = claim_token(world.domain_claim)
    mende = Territory.objects.current_communes().get(code="48095")
    world.collectivite_link = CollectiviteLink.objects.create(user=world.users["pilote"], territory=mende, role="elu")
    world.typed_organisation = Organisation.objects.create(
        name="Organisation saisie", kind="association", listing="pending"
    )


def _org(name):
    return lambda w: reverse(name, args=[w.organisation.pk])


def _claim_decide(w):
    return reverse("actors:claim_decide", args=[w.claim.pk])


def _claim_confirm(w):
    return reverse("actors:claim_confirm", args=[w.claim_token])


def _link_decide(w):
    return reverse("actors:collectivite_link_decide", args=[w.collectivite_link.pk])


def _listing_decide(w):
    return reverse("actors:listing_decide", args=[w.typed_organisation.pk])


EDITORS = ("member", *STAFF)

ENTRIES = {
    "actors:list": get("/acteurs/?q=lozere", expect(200)),
    "actors:need": get("/acteurs/besoin/?besoin=solidarit%C3%A9&territoire=departement%3A48", expect(200)),
    "actors:claims": get("/acteurs/rattachements/", only(STAFF)),
    "actors:claim_decide": [
        get(_claim_decide, signed_in(405)),
        post(_claim_decide, only(STAFF, 302), data={"decision": "refuser", "motif": "Pas de preuve"}),
    ],
    "actors:claim_confirm": [
        get(_claim_confirm, signed_in(200)),
        # Only the claimant confirms (another account: 403); once confirmed the link is used up.
        post(_claim_confirm, only(("partner",), 302, others=403)),
    ],
    "actors:collectivite_link_decide": [
        get(_link_decide, signed_in(405)),
        post(_link_decide, only(STAFF, 302), data={"decision": "refuser"}),
    ],
    "actors:listing_decide": [
        get(_listing_decide, signed_in(405)),
        post(_listing_decide, only(STAFF, 302), data={"decision": "refuser"}),
    ],
    "actors:collectivite_link": [
        get("/acteurs/ma-collectivite/", signed_in(200)),
        post(
            "/acteurs/ma-collectivite/",
            signed_in(302, pilote=200),  # the pilote's link to Mende is already waiting
            data={"territoire": "Mende (48095)", "role": "agent"},
        ),
    ],
    "actors:detail": get(_org("actors:detail"), expect(200)),
    "actors:claim": [
        get(_org("actors:claim"), signed_in(200)),
        post(
            _org("actors:claim"),
            signed_in(302, member=200, other_org=200, partner=200),  # already member / claim pending
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
