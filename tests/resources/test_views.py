"""Pages of the resource centre: list and filters, kit, PDF, downloads, drafts, preview."""

import pytest
from django.contrib.auth.models import Group

from alliances.resources.enums import PublicationStatus
from tests.resources.factories import EventFactory, KitFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def test_list_shows_published_resources_with_bounded_queries(client, demo, django_assert_max_num_queries):
    ResourceFactory(title="Brouillon secret", status=PublicationStatus.DRAFT)
    with django_assert_max_num_queries(12):
        response = client.get("/ressources/")
    page = response.content.decode()
    assert "9 ressources" in page
    assert "Brouillon secret" not in page
    assert "Exemple fictif — démonstration" in page
    assert "Prochains événements" in page


def test_list_filters_and_bad_input(client, demo):
    page = client.get("/ressources/", {"type": "kit", "etape": "agir"}).content.decode()
    assert "2 ressources" in page
    page = client.get("/ressources/", {"theme": "crise", "odd": "17"}).content.decode()
    assert "Sortir de la crise ensemble" in page and "Carte des solidarités locales" in page
    page = client.get("/ressources/", {"q": "jeunes"}).content.decode()  # stemming: jeunes → jeunesse/jeunes
    assert "Co-construire en territoire : la démarche en cinq étapes" in page
    response = client.get("/ressources/", {"odd": "99", "depuis": "hier"})
    assert response.status_code == 200
    assert "Saisissez une date valide" in response.content.decode()


def test_kit_page_has_steps_tools_examples_and_downloads(client, demo):
    page = client.get("/ressources/kit-co-construction-cinq-etapes/").content.decode()
    for text in (
        "Introduction",
        "Étape 1 — Comprendre",
        "Liste de vérification",
        "Questions à se poser",
        "Télécharger le modèle",
        "Exemples",
        "Pour aller plus loin",
        "Télécharger le kit en PDF",
    ):
        assert text in page, text
    assert page.count("<h1") == 1


def test_kit_pdf(client, demo):
    response = client.get("/ressources/kit-odd-17-en-pratique/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert client.get("/ressources/webinaire-evaluer-une-alliance/pdf/").status_code == 404


def test_document_and_template_downloads(client, demo):
    response = client.get("/ressources/memo-convention-de-partenariat/telecharger/")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert 'filename="memo-convention-de-partenariat.pdf"' in response["Content-Disposition"]
    from alliances.resources.models import KitTool

    tool = KitTool.objects.exclude(file="").first()
    response = client.get(tool.get_download_url())
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_resource_page_links_to_related_kits(client, demo):
    page = client.get("/ressources/outil-carte-des-solidarites-locales/").content.decode()
    assert "Kits liés" in page
    assert "/ressources/kit-sortir-de-la-crise-ensemble/" in page
    assert "Réseau Territoires Solidaires" in page  # the publisher


def test_resource_page_links_to_related_practices(client, demo, django_assert_max_num_queries):
    from tests.practices.factories import PracticeFactory, published_practice

    kit = KitFactory(title="Kit emploi")
    kit.themes.set(["emploi"])
    kit.sdgs.set([8])
    both = published_practice(title="Emploi et ODD 8", fragilities=["emploi"], sdgs=[8])
    theme_only = published_practice(title="Emploi seulement", fragilities=["emploi"], sdgs=[3])
    published_practice(title="Sans rapport", fragilities=["culture"], sdgs=[11])
    PracticeFactory(title="Brouillon emploi", fragilities=["emploi"])
    with django_assert_max_num_queries(20):
        page = client.get(kit.get_absolute_url()).content.decode()
    assert "Pratiques inspirantes liées" in page
    assert page.index("Emploi et ODD 8") < page.index("Emploi seulement")
    assert both.get_absolute_url() in page and theme_only.get_absolute_url() in page
    assert "Sans rapport" not in page and "Brouillon emploi" not in page


def test_drafts_are_hidden_but_previewed_by_editors(client, django_user_model):
    draft = KitFactory(status=PublicationStatus.DRAFT, title="Kit en préparation")
    event = EventFactory(status=PublicationStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(event.get_absolute_url()).status_code == 404
    editor = django_user_model.objects.create_user(email="ed@example.org", password="x" * 12, is_staff=True)
    editor.groups.add(Group.objects.get(name="editeur"))
    client.force_login(editor)
    page = client.get(f"/admin/resources/resource/{draft.pk}/apercu/").content.decode()
    assert "Kit en préparation" in page and "Aperçu" in page
    assert client.get(f"/admin/resources/event/{event.pk}/apercu/").status_code == 200
    assert "Voir l'aperçu" in client.get(f"/admin/resources/resource/{draft.pk}/change/").content.decode()


def test_members_without_the_editor_role_cannot_preview(client, django_user_model):
    draft = KitFactory(status=PublicationStatus.DRAFT)
    staff = django_user_model.objects.create_user(email="s@example.org", password="x" * 12, is_staff=True)
    client.force_login(staff)
    assert client.get(f"/admin/resources/resource/{draft.pk}/apercu/").status_code == 403


def test_markdown_is_sanitised(client):
    # CommonMark: a line opening with <script> is a raw HTML block to its end, left out with it.
    resource = ResourceFactory(body="# Titre\n\n<script>alert(1)</script>\n\n[lien](javascript:alert(1)) **gras**")
    page = client.get(resource.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "javascript:" not in page
    assert "<strong>gras</strong>" in page
    assert page.count("<h1") == 1


def test_events_page_lists_upcoming_and_replays(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        page = client.get("/ressources/evenements/").content.decode()
    assert "À venir (4)" in page
    assert "voir le replay" in page


def test_global_search_includes_resources(client, demo):
    page = client.get("/recherche/", {"q": "crise"}).content.decode()
    assert "Sortir de la crise ensemble" in page


def test_home_page_shows_the_next_events(client, demo):
    page = client.get("/").content.decode()
    assert "Prochains événements" in page
    assert "Atelier : réaliser le diagnostic partagé de votre commune" in page


def test_kit_print_button_needs_no_inline_script(client, demo):
    response = client.get("/ressources/kit-co-construction-cinq-etapes/")
    page = response.content.decode()
    assert "data-print" in page and "onclick" not in page
