"""Permission matrix: the self-assessment (private by default: its participants only)."""

from django.urls import reverse

from tests.security.matrix import expect, get, only, post, signed_in


def setup(world):
    from alliances.assessment import services
    from alliances.assessment.selectors import referential_current
    from tests.assessment.factories import commune, completed_assessment

    member = world.users["member"]
    world.assessment = completed_assessment(commune("48095"), by=member, mode="groupe")
    world.assessment_in_progress = services.assessment_start(territory=commune("48095"), by=member, mode="groupe")
    world.axis_slug = referential_current().parsed.axes[0].slug


def _done(name, *extra):
    return lambda w: reverse(name, args=[w.assessment.pk, *extra])


def _open(name, *extra):
    return lambda w: reverse(name, args=[w.assessment_in_progress.pk, *extra])


PARTICIPANT = only(["member"], others=404)
PARTICIPANT_POST = only(["member"], 302, others=404)

ENTRIES = {
    "assessment:home": get("/autodiagnostic/", expect(200)),
    "assessment:referential": get("/autodiagnostic/referentiel/", expect(200)),
    "assessment:start": [
        get("/autodiagnostic/commencer/", signed_in(200)),
        post("/autodiagnostic/commencer/", signed_in(200), data={"territoire": ""}),
    ],
    "assessment:take": [
        get(_done("assessment:take"), PARTICIPANT),
        get(_open("assessment:take"), only(["member"], 302, others=404), label="(en cours)"),
    ],
    "assessment:axis": [
        get(lambda w: reverse("assessment:axis", args=[w.assessment_in_progress.pk, w.axis_slug]), PARTICIPANT),
        post(
            lambda w: reverse("assessment:axis", args=[w.assessment_in_progress.pk, w.axis_slug]),
            PARTICIPANT_POST,
            data={},
        ),
    ],
    "assessment:answer": [
        get(_open("assessment:answer"), signed_in(405)),
        post(_open("assessment:answer"), PARTICIPANT, data={}),
    ],
    "assessment:complete": [
        get(_open("assessment:complete"), signed_in(405)),
        post(_open("assessment:complete"), PARTICIPANT_POST),
    ],
    "assessment:join": [
        get(lambda w: reverse("assessment:join", args=[w.assessment.pk, w.assessment.invite_token]), signed_in(200)),
        post(lambda w: reverse("assessment:join", args=[w.assessment.pk, w.assessment.invite_token]), signed_in(302)),
        get(
            lambda w: reverse("assessment:join", args=[w.assessment.pk, "jeton-faux"]),
            signed_in(404),
            label="(jeton faux)",
        ),
    ],
    "assessment:visibility": [
        get(_done("assessment:visibility"), signed_in(405)),
        post(_done("assessment:visibility"), PARTICIPANT_POST, data={"is_public": "1"}),
    ],
    "assessment:results": get(_done("assessment:results"), expect(404, member=200, administrator=200)),
    "assessment:results_pdf": get(_done("assessment:results_pdf"), expect(404, member=200, administrator=200)),
    "GET /api/v1/autodiagnostic/referentiel": get("/api/v1/autodiagnostic/referentiel", expect(200)),
    "GET /api/v1/autodiagnostic/mes-autodiagnostics": get(
        "/api/v1/autodiagnostic/mes-autodiagnostics", expect(200, anonymous=401)
    ),
    "GET /api/v1/autodiagnostic/mes-autodiagnostics/{assessment_id}": get(
        lambda w: f"/api/v1/autodiagnostic/mes-autodiagnostics/{w.assessment.pk}",
        expect(404, anonymous=401, member=200),
    ),
}
