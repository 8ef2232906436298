"""Permission matrix: the resource centre (kits, documents, events and registrations)."""

from django.urls import reverse

from tests.security.matrix import expect, get, post, signed_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def setup(world):
    from django.core.files.base import ContentFile

    from alliances.resources.enums import PublicationStatus
    from alliances.resources.models import KitTool, Registration
    from tests.resources.factories import EventFactory, KitFactory, KitStepFactory, ResourceFactory

    world.resource = ResourceFactory(slug="guide-matrice", kind="guide", url="")
    world.resource.document.save("guide.pdf", ContentFile(PDF), save=True)
    world.draft_resource = ResourceFactory(slug="brouillon-matrice", status=PublicationStatus.DRAFT)
    world.kit = KitFactory(slug="kit-matrice")
    step = KitStepFactory(kit=world.kit)
    world.tool = KitTool(kit_step=step, kind="modele", title="Modèle de convention")
    world.tool.file.save("modele.pdf", ContentFile(PDF), save=True)
    world.event = EventFactory(slug="atelier-matrice", capacity=20)
    world.draft_event = EventFactory(slug="atelier-brouillon", status=PublicationStatus.DRAFT)
    Registration.objects.create(event=world.event, user=world.users["member"])


ENTRIES = {
    "resources:list": get("/ressources/?q=kit", expect(200)),
    "resources:events": get("/ressources/evenements/", expect(200)),
    "resources:events_feed": get("/ressources/evenements.ics", expect(200)),
    "resources:my_registrations": get("/ressources/evenements/mes-inscriptions/", signed_in(200)),
    "resources:event_detail": [
        get("/ressources/evenements/atelier-matrice/", expect(200)),
        get("/ressources/evenements/atelier-brouillon/", expect(404), label="(brouillon)"),
    ],
    "resources:event_ics": get("/ressources/evenements/atelier-matrice.ics", expect(200)),
    "resources:event_register": [
        get("/ressources/evenements/atelier-matrice/inscription/", expect(405)),
        post("/ressources/evenements/atelier-matrice/inscription/", signed_in(302)),
    ],
    "resources:registration_cancel": [
        get("/ressources/evenements/atelier-matrice/annulation/", expect(405)),
        post("/ressources/evenements/atelier-matrice/annulation/", signed_in(302)),
    ],
    "resources:tool_download": get(lambda w: reverse("resources:tool_download", args=[w.tool.pk]), expect(200)),
    "resources:detail": [
        get("/ressources/guide-matrice/", expect(200)),
        get("/ressources/brouillon-matrice/", expect(404), label="(brouillon)"),
    ],
    "resources:kit_pdf": get("/ressources/kit-matrice/pdf/", expect(200)),
    "resources:download": [
        get("/ressources/guide-matrice/telecharger/", expect(200)),
        get("/ressources/brouillon-matrice/telecharger/", expect(404), label="(brouillon)"),
    ],
    "GET /api/v1/ressources": get("/api/v1/ressources", expect(200)),
    "GET /api/v1/evenements": get("/api/v1/evenements", expect(200)),
    "GET /api/v1/evenements.ics": get("/api/v1/evenements.ics", expect(200)),
}
