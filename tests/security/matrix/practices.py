"""Permission matrix: the practices database (publication, contribution, moderation)."""

from django.urls import reverse

from tests.security.matrix import STAFF, expect, get, only, post, signed_in

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def setup(world):
    from django.core.files.base import ContentFile

    from alliances.practices.models import CorrectionProposal, PracticeAttachment
    from tests.practices.factories import PracticeFactory, commune, published_practice

    member = world.users["member"]
    world.practice = published_practice(title="Un tiers-lieu rural à Mende", contributor=member, sdgs=[8, 17])
    world.draft = PracticeFactory(title="Brouillon d'une épicerie solidaire", contributor=member)
    world.draft.territories.set([commune()])
    world.pending = PracticeFactory(title="Pratique soumise", contributor=member, status="soumise")

    def attach(practice, name):
        attachment = PracticeAttachment(practice=practice, title=name, content_type="image/png", size=len(PNG))
        attachment.file.save(f"{name}.png", ContentFile(PNG), save=False)
        attachment.save()
        return attachment

    world.attachment = attach(world.practice, "photo")
    world.draft_attachment = attach(world.draft, "photo-brouillon")
    world.attachment_to_remove = attach(world.draft, "a-retirer")
    world.correction = CorrectionProposal.objects.create(
        practice=world.practice, author=world.users["other_org"], text="Le budget était de 12 000 €."
    )


def _pk(name, attr="practice", *extra):
    return lambda w: reverse(name, args=[getattr(w, attr).pk, *extra])


EDITORS = ("member", *STAFF)
NOT_FOR_OTHERS = expect(404, member=200, moderator=200, administrator=200)

ENTRIES = {
    "practices:list": get("/pratiques/?q=tiers-lieu", expect(200)),
    "practices:start": [
        get("/pratiques/contribuer/", signed_in(200)),
        post("/pratiques/contribuer/", signed_in(400), data={"title": ""}),
    ],
    "practices:mine": get("/pratiques/mes-pratiques/", signed_in(200)),
    "practices:moderation": get("/pratiques/moderation/", only(STAFF)),
    "practices:correction_close": [
        get(lambda w: reverse("practices:correction_close", args=[w.correction.pk]), signed_in(405)),
        post(
            lambda w: reverse("practices:correction_close", args=[w.correction.pk]),
            only(STAFF, 302),
            data={"accepted": "1"},
        ),
    ],
    "practices:export_csv": get("/pratiques/export.csv", expect(200)),
    "practices:export_json": get("/pratiques/export.json", expect(200)),
    "practices:attachment": [
        get(lambda w: reverse("practices:attachment", args=[w.attachment.pk]), expect(200)),
        get(
            lambda w: reverse("practices:attachment", args=[w.draft_attachment.pk]), NOT_FOR_OTHERS, label="(brouillon)"
        ),
    ],
    "practices:detail": [
        get(_pk("practices:detail"), expect(200)),
        get(_pk("practices:detail", "draft"), NOT_FOR_OTHERS, label="(brouillon)"),
    ],
    "practices:history": [
        get(_pk("practices:history"), expect(200)),
        get(_pk("practices:history", "draft"), NOT_FOR_OTHERS, label="(brouillon)"),
    ],
    "practices:contact": [
        get(_pk("practices:contact"), expect(405)),
        post(
            _pk("practices:contact"),
            expect(302),
            data={"name": "Octave", "email": "octave@exemple.fr", "message": "Comment avez-vous fait ?"},
        ),
        post(
            _pk("practices:contact", "draft"),
            expect(404, member=400, moderator=400, administrator=400),
            data={"name": "Octave", "email": "octave@exemple.fr", "message": "Comment avez-vous fait ?"},
            label="(brouillon)",
        ),
    ],
    "practices:correction": [
        get(_pk("practices:correction"), signed_in(405)),
        post(_pk("practices:correction"), signed_in(302), data={"text": "Le budget était de 12 000 €."}),
    ],
    "practices:edit": [
        # Another user's draft answers like a missing one (404), never 403.
        get(_pk("practices:edit", "draft", 1), only(EDITORS, others=404)),
        post(_pk("practices:edit", "draft", 1), only(EDITORS, 400, others=404), data={"title": ""}),
    ],
    "practices:attachment_add": [
        get(_pk("practices:attachment_add", "draft"), signed_in(405)),
        post(_pk("practices:attachment_add", "draft"), only(EDITORS, 400, others=404), data={"title": "Sans fichier"}),
    ],
    "practices:attachment_remove": [
        get(
            lambda w: reverse("practices:attachment_remove", args=[w.draft.pk, w.attachment_to_remove.pk]),
            signed_in(405),
        ),
        post(
            lambda w: reverse("practices:attachment_remove", args=[w.draft.pk, w.attachment_to_remove.pk]),
            only(EDITORS, 302, others=404),
        ),
    ],
    "practices:submit": [
        get(_pk("practices:submit", "draft"), signed_in(405)),
        post(_pk("practices:submit", "draft"), only(EDITORS, 302, others=404)),
    ],
    "practices:moderate": [
        get(_pk("practices:moderate", "pending"), signed_in(405)),
        post(
            _pk("practices:moderate", "pending"),
            only(STAFF, 302),
            data={"decision": "renvoyer", "comment": "Ajoutez des chiffres."},
        ),
    ],
    "GET /api/v1/pratiques": get("/api/v1/pratiques?odd=8", expect(200)),
    "GET /api/v1/pratiques/{pratique_id}": [
        get(lambda w: f"/api/v1/pratiques/{w.practice.pk}", expect(200)),
        get(lambda w: f"/api/v1/pratiques/{w.draft.pk}", expect(404), label="(brouillon)"),
    ],
}
