"""Permission matrix: alliances. A private alliance is a 404 (never a 403) to whoever is not a member.

In the world: a private alliance piloted by "pilote", with "partner" as a partner; "member",
"other_org", "catalyst" and "moderator" are not members; administrators see every alliance.
"""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from tests.security.matrix import LOGIN, expect, get, post


def setup(world):
    from alliances.partnerships import services
    from alliances.partnerships.enums import MemberRole, Visibility
    from alliances.partnerships.models import (
        ChecklistItem,
        Commitment,
        Indicator,
        Invitation,
        JoinRequest,
        Measurement,
        Membership,
    )
    from tests.partnerships.factories import UserFactory, mende

    pilote, partner = world.users["pilote"], world.users["partner"]

    def create(title, visibility):
        return services.alliance_create(
            by=pilote,
            organisation_name="Mairie de Mende",
            data={
                "title": title,
                "problem": "Les jeunes partent.",
                "territory": mende(),
                "lead_organisation_name": "Mairie de Mende",
                "visibility": visibility,
                "sdgs": [8, 17],
            },
        )

    world.alliance = create("Emploi des jeunes à Mende", Visibility.MEMBERS)
    world.public_alliance = create("Alliance publique", Visibility.PUBLIC)
    world.deleted_alliance = create("Alliance supprimée", Visibility.MEMBERS)
    services.alliance_delete(alliance=world.deleted_alliance, by=pilote)
    alliance = world.alliance
    Membership.objects.create(
        alliance=alliance, user=partner, role=MemberRole.PARTNER, organisation_name="Entreprise Partenaire"
    )
    world.observer_membership = Membership.objects.create(
        alliance=alliance, user=UserFactory(), role=MemberRole.OBSERVER, organisation_name="Préfecture"
    )
    world.commitment = Commitment.objects.create(
        alliance=alliance, organisation_name="Entreprise Partenaire", kind="benevolat", description="Bénévoles"
    )
    world.indicator = Indicator.objects.create(
        alliance=alliance,
        organisation_name="Entreprise Partenaire",
        name="Bénévoles mobilisés",
        dimension="organisations",
    )
    world.measurement = Measurement.objects.create(
        indicator=world.indicator, date=date(2026, 1, 1), value=3, source="Comptage", created_by=partner
    )
    world.point = ChecklistItem.objects.filter(alliance=alliance).first()
    world.join_request = JoinRequest.objects.create(alliance=alliance, user=UserFactory(), organisation_name="Candidat")
    invitation = Invitation.objects.create(
        alliance=alliance,
        email="invitee@exemple.fr",
        role=MemberRole.PARTNER,
        organisation_name="Invitée",
        nonce="0" * 32,
        invited_by=pilote,
        expires_at=timezone.now() + timedelta(days=7),
    )
    world.invitation_token = services.invitation_token(invitation)


def _a(name, *extra):
    return lambda w: reverse(name, args=[w.alliance.pk, *extra])


def _item(name, kind, attr):
    return lambda w: reverse(name, args=[w.alliance.pk, kind, getattr(w, attr).pk])


OUTSIDERS = {"anonymous": 404, "member": 404, "other_org": 404, "catalyst": 404, "moderator": 404}
MEMBERS_READ = {**OUTSIDERS, "partner": 200, "pilote": 200, "administrator": 200}
PILOT_ONLY = {**OUTSIDERS, "partner": 403, "pilote": 200, "administrator": 200}
PILOT_ONLY_POST = {**PILOT_ONLY, "pilote": 302, "administrator": 302}
CONTRIBUTORS = {**OUTSIDERS, "partner": 200, "pilote": 200, "administrator": 200}
CONTRIBUTORS_POST = {**CONTRIBUTORS, "partner": 302, "pilote": 302, "administrator": 302}
POST_ONLY = expect(405)

ENTRIES = {
    "partnerships:dashboard": get("/alliances/", expect(200)),
    "partnerships:create": [
        get("/alliances/nouvelle/", expect(200, anonymous=LOGIN)),
        post("/alliances/nouvelle/", expect(200, anonymous=LOGIN), data={"title": ""}),
    ],
    "partnerships:invitation": [
        get(lambda w: reverse("partnerships:invitation", args=[w.invitation_token]), expect(200)),
        post(lambda w: reverse("partnerships:invitation", args=[w.invitation_token]), expect(302, anonymous=LOGIN)),
        get("/alliances/invitation/jeton-falsifie/", expect(410), label="(jeton falsifié)"),
    ],
    "partnerships:organisation_picker": get(
        "/alliances/organisations/?champ=organisation_name&organisation_name=lozere", expect(200, anonymous=LOGIN)
    ),
    "partnerships:detail": [
        get(_a("partnerships:detail"), MEMBERS_READ),
        get(lambda w: reverse("partnerships:detail", args=[w.public_alliance.pk]), expect(200), label="(publique)"),
    ],
    "partnerships:edit": [
        get(_a("partnerships:edit"), PILOT_ONLY),
        post(_a("partnerships:edit"), {**PILOT_ONLY, "pilote": 200, "administrator": 200}, data={"title": ""}),
        get(
            lambda w: reverse("partnerships:edit", args=[w.public_alliance.pk]),
            expect(403, anonymous=LOGIN, pilote=200, administrator=200),
            label="(publique)",
        ),
    ],
    "partnerships:edit_section": [
        get(_a("partnerships:edit_section", "appel"), PILOT_ONLY),
        post(_a("partnerships:edit_section", "appel"), PILOT_ONLY, data={"call_deadline": "pas une date"}),
    ],
    "partnerships:set_step": [
        get(_a("partnerships:set_step"), POST_ONLY),
        post(_a("partnerships:set_step"), PILOT_ONLY_POST, data={"step": "agir"}),
    ],
    "partnerships:delete": [
        get(_a("partnerships:delete"), PILOT_ONLY),
        post(_a("partnerships:delete"), PILOT_ONLY_POST),
    ],
    "partnerships:restore": [
        get(lambda w: reverse("partnerships:restore", args=[w.deleted_alliance.pk]), expect(405, anonymous=LOGIN)),
        post(
            lambda w: reverse("partnerships:restore", args=[w.deleted_alliance.pk]),
            expect(404, anonymous=LOGIN, pilote=302, administrator=302),
        ),
    ],
    "partnerships:history": get(_a("partnerships:history"), MEMBERS_READ),
    "partnerships:members": [
        get(_a("partnerships:members"), MEMBERS_READ),
        post(
            _a("partnerships:members"),
            PILOT_ONLY_POST,
            data=lambda w: {
                "email": "x@exemple.fr",
                "organisation_name": w.organisation.name,
                "role": "partenaire",
                "organisation_name_choix": str(w.organisation.pk),
            },
        ),
    ],
    "partnerships:membership_change": [
        get(
            lambda w: reverse("partnerships:membership_change", args=[w.alliance.pk, w.observer_membership.pk]),
            POST_ONLY,
        ),
        post(
            lambda w: reverse("partnerships:membership_change", args=[w.alliance.pk, w.observer_membership.pk]),
            PILOT_ONLY_POST,
            data={"role": "partenaire"},
        ),
    ],
    "partnerships:membership_organisation": [
        get(
            lambda w: reverse("partnerships:membership_organisation", args=[w.alliance.pk, w.observer_membership.pk]),
            PILOT_ONLY,
        ),
        post(
            lambda w: reverse("partnerships:membership_organisation", args=[w.alliance.pk, w.observer_membership.pk]),
            PILOT_ONLY_POST,
            data=lambda w: {
                "organisation_name": w.organisation.name,
                "organisation_name_choix": str(w.organisation.pk),
            },
        ),
    ],
    "partnerships:join_request_decide": [
        get(lambda w: reverse("partnerships:join_request_decide", args=[w.alliance.pk, w.join_request.pk]), POST_ONLY),
        post(
            lambda w: reverse("partnerships:join_request_decide", args=[w.alliance.pk, w.join_request.pk]),
            PILOT_ONLY_POST,
            data={"accept": "0"},
        ),
    ],
    "partnerships:join": [
        get(_a("partnerships:join"), {**OUTSIDERS, "partner": 302, "pilote": 302, "administrator": 200}),
        get(
            lambda w: reverse("partnerships:join", args=[w.public_alliance.pk]),
            expect(200, anonymous=LOGIN, pilote=302),
            label="(publique)",
        ),
        post(
            lambda w: reverse("partnerships:join", args=[w.public_alliance.pk]),
            expect(302, anonymous=LOGIN),
            label="(publique)",
            data=lambda w: {
                "organisation_name": w.organisation.name,
                "organisation_name_choix": str(w.organisation.pk),
            },
        ),
    ],
    "partnerships:step": get(_a("partnerships:step", "agir"), MEMBERS_READ),
    "partnerships:checklist_toggle": [
        get(lambda w: reverse("partnerships:checklist_toggle", args=[w.alliance.pk, w.point.pk]), POST_ONLY),
        post(
            lambda w: reverse("partnerships:checklist_toggle", args=[w.alliance.pk, w.point.pk]),
            CONTRIBUTORS_POST,
            data={"done": "1"},
        ),
    ],
    "partnerships:measurement_add": [
        get(lambda w: reverse("partnerships:measurement_add", args=[w.alliance.pk, w.indicator.pk]), POST_ONLY),
        post(
            lambda w: reverse("partnerships:measurement_add", args=[w.alliance.pk, w.indicator.pk]),
            CONTRIBUTORS_POST,
            data={"date": "2026-02-01", "value": "5", "source": "Comptage"},
        ),
    ],
    "partnerships:measurement_delete": [
        get(lambda w: reverse("partnerships:measurement_delete", args=[w.alliance.pk, w.measurement.pk]), POST_ONLY),
        post(
            lambda w: reverse("partnerships:measurement_delete", args=[w.alliance.pk, w.measurement.pk]),
            CONTRIBUTORS_POST,
        ),
    ],
    "partnerships:publish_practice": [
        get(_a("partnerships:publish_practice"), POST_ONLY),
        post(_a("partnerships:publish_practice"), PILOT_ONLY_POST),
    ],
    "partnerships:actor_add": [
        get(lambda w: reverse("partnerships:actor_add", args=[w.alliance.pk, w.organisation.pk]), POST_ONLY),
        post(lambda w: reverse("partnerships:actor_add", args=[w.alliance.pk, w.organisation.pk]), CONTRIBUTORS_POST),
    ],
    "partnerships:diagnostic_from_portrait": [
        get(_a("partnerships:diagnostic_from_portrait"), POST_ONLY),
        post(_a("partnerships:diagnostic_from_portrait"), CONTRIBUTORS_POST, data={"code": "inexistant"}),
    ],
    "partnerships:catalyst_invite": [
        get(lambda w: reverse("partnerships:catalyst_invite", args=[w.alliance.pk, w.catalyst_profile.pk]), POST_ONLY),
        post(
            lambda w: reverse("partnerships:catalyst_invite", args=[w.alliance.pk, w.catalyst_profile.pk]),
            PILOT_ONLY_POST,
        ),
    ],
    "partnerships:convention": [
        get(_a("partnerships:convention", "odt"), MEMBERS_READ),
        get(
            _a("partnerships:convention", "docx"),
            {**MEMBERS_READ, "partner": 404, "pilote": 404, "administrator": 404},
            label="(format inconnu)",
        ),
    ],
    "partnerships:contributions_csv": [
        get(_a("partnerships:contributions_csv"), MEMBERS_READ),
        get(
            lambda w: reverse("partnerships:contributions_csv", args=[w.public_alliance.pk]),
            expect(403, anonymous=LOGIN, pilote=200, administrator=200),
            label="(publique)",
        ),
    ],
    "partnerships:item_create": [
        get(_a("partnerships:item_create", "engagement"), CONTRIBUTORS),
        post(_a("partnerships:item_create", "engagement"), {**CONTRIBUTORS}, data={"description": ""}),
    ],
    "partnerships:item_edit": [
        get(_item("partnerships:item_edit", "engagement", "commitment"), CONTRIBUTORS),
        post(_item("partnerships:item_edit", "engagement", "commitment"), CONTRIBUTORS, data={"description": ""}),
    ],
    "partnerships:item_delete": [
        get(_item("partnerships:item_delete", "engagement", "commitment"), CONTRIBUTORS),
        post(_item("partnerships:item_delete", "engagement", "commitment"), CONTRIBUTORS_POST),
    ],
    "GET /api/v1/alliances": get("/api/v1/alliances", expect(200)),
    # The public calls for partners: the same for everyone (public alliances only), answering is `partnerships:join`.
    "calls:list": [
        get("/appels/?territoire=Mende&theme=emploi&odd=8", expect(200)),
        get("/appels/?avant=pas-une-date", expect(200), label="(filtre invalide, expliqué)"),
    ],
    "calls:feed": [
        get("/appels/flux.atom?territoire=departement:48", expect(200)),
        get("/appels/flux.atom?territoire=Zzyzx", expect(400), label="(filtre invalide)"),
    ],
    "calls:calendar": get("/appels/echeances.ics?theme=emploi", expect(200)),
    "GET /api/v1/appels": get("/api/v1/appels?territoire=departement:48&odd=8", expect(200)),
    "GET /api/v1/alliances/{alliance_id}": [
        get(lambda w: f"/api/v1/alliances/{w.alliance.pk}", MEMBERS_READ),
        get(lambda w: f"/api/v1/alliances/{w.deleted_alliance.pk}", expect(404), label="(supprimée)"),
    ],
}
