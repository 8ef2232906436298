"""Pages of practices through HTTP: list with facets, detail, guided form, moderation queue."""

import pytest
from django.urls import reverse

from alliances.practices.enums import Status
from alliances.practices.models import Practice
from tests.practices.factories import (
    PracticeFactory,
    UserFactory,
    commune,
    moderator,
    published_practice,
)

pytestmark = pytest.mark.django_db


def test_list_shows_published_only_with_bounded_queries(client, django_assert_max_num_queries):
    for n in range(12):
        published_practice(title=f"Emploi des jeunes {n}", sdgs=[8, 4], territories=[commune(), commune("69123")])
    PracticeFactory(title="Brouillon secret")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("practices:list"), {"q": "emploi", "odd": "8"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 pratiques" in html
    assert "Brouillon secret" not in html
    assert 'value="8" id="f-odd-8" checked' in html


def test_list_htmx_returns_the_search_zone_only(client):
    published_practice(title="Emploi partagé")
    response = client.get(reverse("practices:list"), {"q": "emploi"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="zone-recherche"' in html
    assert "<html" not in html


def test_detail_of_draft_is_hidden_from_public_but_visible_to_contributor(client):
    draft = PracticeFactory()
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(draft.contributor)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_detail_sanitises_rich_text_and_shows_similar(client):
    practice = published_practice(
        actions="**Fait** <script>alert(1)</script> <img src=x onerror=alert(2)>", fragilities=["emploi"]
    )
    other = published_practice(title="Autre pratique d'emploi", fragilities=["emploi"])
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "<strong>Fait</strong>" in html
    assert "<script>alert" not in html and "onerror" not in html
    assert other.title.replace("'", "&#x27;") in html


def _step(client, practice, step, data, htmx=False):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("practices:edit", kwargs={"pk": practice.pk, "step": step}), data, **headers)


def test_member_contributes_in_steps_then_moderator_publishes_and_search_finds_it(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    member = UserFactory()
    boss = moderator(email="moderation@example.org")
    client.force_login(member)
    response = client.post(
        reverse("practices:start"),
        {
            "title": "Une navette solidaire pour les aînés isolés",
            "summary": "Le centre social, la mairie et un garage local font rouler une navette pour les aînés des hameaux.",
            "territories": "48095\nepci:244800405",
            "aller": "suivante",
        },
    )
    practice = Practice.objects.get(contributor=member)
    assert response.status_code == 302 and response.url.endswith("/modifier/2/")
    assert practice.status == Status.DRAFT and practice.territories.count() == 2

    response = _step(
        client,
        practice,
        2,
        {"fragilities": ["isolement", "mobilite"], "problem": "Pas de bus.", "aller": "suivante"},
        htmx=True,
    )
    assert response.status_code == 200 and response["HX-Push-Url"].endswith("/modifier/3/")
    assert "Étape 3 sur 6" in response.content.decode()
    response = _step(
        client,
        practice,
        3,
        {
            "actions": "Une navette deux fois par semaine.",
            "form": "experimentation-collective",
            "partnership_types": ["mecenat"],
            "mecenat_kinds": ["competences"],
            "partenaires-TOTAL_FORMS": "2",
            "partenaires-INITIAL_FORMS": "0",
            "partenaires-0-name": "Garage des Causses (fictif)",
            "partenaires-0-role": "financeur",
            "partenaires-1-name": "",
            "partenaires-1-role": "",
            "aller": "suivante",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    practice.refresh_from_db()
    assert practice.partners.get().name == "Garage des Causses (fictif)"
    assert practice.draft_step == 3

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("practices:submit", kwargs={"pk": practice.pk}))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    assert mailoutbox[-1].to == ["moderation@example.org"]

    client.force_login(boss)
    queue = client.get(reverse("practices:moderation")).content.decode()
    assert "Une navette solidaire pour les aînés isolés" in queue
    assert client.get(reverse("practices:list"), {"q": "navette"}).content.decode().count("navette solidaire") == 0

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("practices:moderate", kwargs={"pk": practice.pk}), {"decision": "publier"})
    practice.refresh_from_db()
    assert practice.status == Status.PUBLISHED
    assert mailoutbox[-1].to == [member.email]
    html = client.get(reverse("practices:list"), {"q": "navettes aines"}).content.decode()
    assert "Une navette solidaire pour les aînés isolés" in html
    assert practice.revisions.count() == 1


def test_step_errors_are_shown_and_nothing_is_lost(client):
    member = UserFactory()
    client.force_login(member)
    response = client.post(
        reverse("practices:start"), {"title": "Titre", "summary": "trop court", "territories": "99999\nfoo"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ligne 1 : Aucun territoire ne correspond à « 99999 »" in html and "Ligne 2" in html
    assert 'value="Titre"' in html
    assert not Practice.objects.exists()


def test_others_cannot_edit_and_members_cannot_moderate(client):
    practice = PracticeFactory(status=Status.SUBMITTED)
    client.force_login(UserFactory())
    # An unpublished practice of someone else answers like a missing one (docs/securite.md § 10).
    assert client.get(reverse("practices:edit", kwargs={"pk": practice.pk, "step": 1})).status_code == 404
    assert client.get(reverse("practices:moderation")).status_code == 403
    assert (
        client.post(reverse("practices:moderate", kwargs={"pk": practice.pk}), {"decision": "publier"}).status_code
        == 403
    )
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED


def test_return_requires_a_comment_and_shows_it_to_the_contributor(client):
    practice = PracticeFactory(status=Status.SUBMITTED)
    client.force_login(moderator())
    client.post(reverse("practices:moderate", kwargs={"pk": practice.pk}), {"decision": "renvoyer", "comment": ""})
    practice.refresh_from_db()
    assert practice.status == Status.SUBMITTED
    client.post(
        reverse("practices:moderate", kwargs={"pk": practice.pk}),
        {"decision": "renvoyer", "comment": "Ajoutez des chiffres."},
    )
    practice.refresh_from_db()
    assert practice.status == Status.RETURNED
    client.force_login(practice.contributor)
    assert "Ajoutez des chiffres." in client.get(reverse("practices:mine")).content.decode()


def test_correction_and_contact_never_leak_the_email(client, mailoutbox):
    practice = published_practice()
    html = client.get(practice.get_absolute_url()).content.decode()
    assert practice.contributor.email not in html
    response = client.post(
        reverse("practices:contact", kwargs={"pk": practice.pk}),
        {"name": "Jeanne", "email": "jeanne@example.org", "message": "Bonjour"},
    )
    assert response.status_code == 302
    assert mailoutbox[-1].to == [practice.contributor.email] and mailoutbox[-1].reply_to == ["jeanne@example.org"]
    client.force_login(UserFactory())
    client.post(reverse("practices:correction", kwargs={"pk": practice.pk}), {"text": "La date est 2021."})
    assert practice.corrections.get().text == "La date est 2021."


def test_exports_state_the_licence(client):
    published_practice(title="Exportée")
    PracticeFactory(title="Pas exportée")
    csv_text = client.get(reverse("practices:export_csv")).content.decode("utf-8-sig")
    assert "Exportée" in csv_text and "Pas exportée" not in csv_text and "Licence Ouverte" in csv_text
    data = client.get(reverse("practices:export_json")).json()
    assert data["licence"].startswith("Licence Ouverte") and [p["titre"] for p in data["pratiques"]] == ["Exportée"]
