"""Profile pages, the catalyst's own profile, moderation, the network, the territory section, search."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from alliances.accounts.enums import Role
from alliances.catalysts.enums import ProfileStatus
from alliances.catalysts.models import CatalystProfile
from tests.catalysts.factories import CatalystProfileFactory, CatalystUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (1200, 900), "orange")
    exif = Image.Exif()
    exif[0x8825] = {2: (44.0, 31.0, 0.0)}  # GPSInfo: latitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_catalyst_creates_a_profile_that_waits_for_a_moderator(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    user = CatalystUserFactory(display_name="Nina Catalyse")
    client.force_login(user)
    form = client.get("/catalyseurs/mon-profil/")
    assert form.status_code == 200 and "Nina Catalyse" in form.content.decode()
    response = client.post(
        "/catalyseurs/mon-profil/",
        {
            "name": "Nina Catalyse",
            "organisation_name": "Collectif Nina",
            "bio": "Dix ans d'alliances.",
            "territories": "departement:48\nMende\nregion:76",
            "metiers": ["accompagnement", "lieu"],
            "themes": ["vieillissement"],
            "sdgs": ["3", "17"],
            "languages": ["fr", "oc"],
            "availability": "limitee",
            "contact_preference": "visio",
            "is_public": "on",
            "photo": SimpleUploadedFile("portrait.jpg", _jpeg_with_gps(), content_type="image/jpeg"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = CatalystProfile.objects.get(user=user)
    assert profile.status == ProfileStatus.PENDING
    assert {t.ref for t in profile.territories.all()} == {"departement:48", "commune:48095", "region:76"}
    assert profile.metiers == ["accompagnement", "lieu"]
    with Image.open(profile.photo.path) as photo:
        assert photo.format == "JPEG" and max(photo.size) <= 480
        assert not photo.getexif().get(0x8825)
    # Not visible before validation, except to its owner.
    client.logout()
    assert client.get(profile.get_absolute_url()).status_code == 404

    moderator = UserFactory()
    moderator.groups.add(Group.objects.get_or_create(name=Role.MODERATOR.value)[0])
    client.force_login(moderator)
    assert "Nina Catalyse" in client.get("/catalyseurs/moderation/").content.decode()
    client.post("/catalyseurs/moderation/", {"profile": profile.pk, "decision": "valider"})
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.VALIDATED
    client.logout()
    page = client.get(profile.get_absolute_url()).content.decode()
    assert "Dix ans d&#x27;alliances." in page and user.email not in page


def test_profile_form_reports_each_bad_territory_line(client):
    client.force_login(CatalystUserFactory())
    response = client.post(
        "/catalyseurs/mon-profil/",
        {
            "name": "X",
            "bio": "Y",
            "territories": "departement:48\nzzqqxx\ndepartement:999",
            "metiers": ["dialogue"],
            "languages": ["fr"],
            "availability": "disponible",
            "contact_preference": "plateforme",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ligne 2 : Aucun territoire ne correspond à « zzqqxx »" in html
    assert "Ligne 3 : Code « 999 » invalide" in html
    assert not CatalystProfile.objects.exists()


def test_members_without_the_role_cannot_create_a_profile(client):
    client.force_login(UserFactory())
    assert client.get("/catalyseurs/mon-profil/").status_code == 403


def test_catalyst_can_hide_their_profile(client):
    profile = CatalystProfileFactory(name="Visible Puis Caché", territories=[("departement", "48")])
    assert "Visible Puis Caché" in client.get("/catalyseurs/").content.decode()
    profile.is_public = False
    profile.save()
    assert "Visible Puis Caché" not in client.get("/catalyseurs/").content.decode()
    assert client.get(profile.get_absolute_url()).status_code == 404


def test_network_counts_by_region_and_departement(client, django_assert_max_num_queries):
    CatalystProfileFactory(territories=[("departement", "48")])
    CatalystProfileFactory(territories=[("region", "76")])
    CatalystProfileFactory(territories=[("departement", "35"), ("commune", "35238")])
    with django_assert_max_num_queries(8):
        response = client.get("/catalyseurs/reseau/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Occitanie" in html and "Bretagne" in html
    assert "<caption>Catalyseurs par région et département</caption>" in html
    from alliances.catalysts.selectors import network_by_region

    counts = {
        r.territory.code: (r.count, {d.territory.code: d.count for d in r.departements}) for r in network_by_region()
    }
    assert counts["76"][0] == 2 and counts["76"][1]["48"] == 2 and counts["76"][1]["30"] == 1
    assert counts["53"] == (1, {"35": 1})


def test_territory_page_has_a_catalysts_section(client):
    CatalystProfileFactory(name="Agnès Lozère", territories=[("departement", "48")])
    html = client.get("/territoires/commune/48095/").content.decode()
    assert "Catalyseurs territoriaux à proximité" in html
    assert "intervient sur le département de la Lozère" in html


def test_global_search_has_a_catalysts_group(client):
    CatalystProfileFactory(
        name="Agnès Vidalenc", organisation_name="Coopérative des Causses", territories=[("departement", "48")]
    )
    CatalystProfileFactory(name="Masquée Vidalenc", is_public=False, territories=[("departement", "48")])
    html = client.get("/recherche/", {"q": "vidalenc"}).content.decode()
    assert "Catalyseurs territoriaux" in html and "Agnès Vidalenc" in html
    assert "Masquée" not in html


def test_demo_loads_twice_without_duplicates_and_is_labelled(client):
    from alliances.catalysts.demo import PROFILES, load_demo, remove_demo

    assert len(PROFILES) >= 20
    created = load_demo()
    assert created == len(PROFILES)
    assert load_demo() == 0
    html = client.get("/catalyseurs/", {"territoire": "commune:48095"}).content.decode()
    assert "Exemple fictif — démonstration" in html
    assert html.index("Solène Vidalenc") < html.index("Margaux Teissier")
    assert "Gwenaëlle Le Bihan" not in html
    detail = client.get(CatalystProfile.objects.get(name="Solène Vidalenc").get_absolute_url()).content.decode()
    assert "les personnes et organisations citées n'existent pas" in detail
    regions = {
        t.region.code if t.region else t.code for p in CatalystProfile.objects.all() for t in p.territories.all()
    }
    assert {"76", "53", "84", "11"} <= regions
    assert remove_demo() == len(PROFILES)
    assert not CatalystProfile.objects.exists()


def test_profile_territories_are_written_in_everyday_words(client):
    """The edit form shows « Lozère (département 48) », not `departement:48 Lozère`, and asks no code."""
    profile = CatalystProfileFactory(territories=[("departement", "48"), ("commune", "48095")])
    client.force_login(profile.user)
    html = client.get("/catalyseurs/mon-profil/").content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"territories\"[^>]*>(.*?)</textarea>", html, re.S)
    assert "data-territory-list" in textarea.group(0)
    assert sorted(textarea.group(1).strip().splitlines()) == ["Lozère (département 48)", "Mende (48095)"]
    assert "departement:48" not in html and "region:76" not in html
