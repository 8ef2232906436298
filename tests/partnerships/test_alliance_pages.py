"""Creating, reading, editing and deleting an alliance through its pages."""

import re

import pytest
from django.urls import reverse

from alliances.partnerships.enums import Visibility
from alliances.partnerships.models import Alliance, ChecklistItem, HistoryEntry, Membership
from alliances.territories.models import Territory
from tests.partnerships.conftest import add_member
from tests.partnerships.factories import (
    AllianceFactory,
    CommitmentFactory,
    MeetingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_create_an_alliance_on_a_commune_by_its_name(client, user):
    client.force_login(user)
    response = client.post(
        reverse("partnerships:create"),
        {
            "title": "Bien vieillir à Mende",
            "problem": "Isolement des aînés en hiver.",
            "territory_ref": "Mende",
            "lead_organisation_name": "Mairie de Mende",
            "my_organisation": "Mairie de Mende",
            "form": "partenariat",
            "lead_organisation_name_type": "collectivite",
            "step": "comprendre",
            "visibility": "membres",
            "sdgs": ["3", "17"],
            "fragilities": ["isolement"],
        },
    )
    alliance = Alliance.objects.get()
    assert response.status_code == 302 and response.url == alliance.get_absolute_url()
    assert alliance.territory.code == "48095"
    assert sorted(alliance.sdgs.values_list("number", flat=True)) == [3, 17]
    membership = Membership.objects.get(alliance=alliance)
    assert (membership.user, membership.role) == (user, "pilote")
    # "Mairie de Mende" was not in the directory: it is created there, in Mende, and both links point at it.
    assert alliance.lead_organisation.name == "Mairie de Mende"
    assert (alliance.lead_organisation.kind, alliance.lead_organisation.commune) == ("collectivite", alliance.territory)
    assert membership.organisation == alliance.lead_organisation
    assert alliance.fragilities == ["isolement"]
    assert ChecklistItem.objects.filter(alliance=alliance, step="co-construire").count() == 5
    assert HistoryEntry.objects.filter(alliance=alliance, action="a créé l'alliance").exists()
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert "Bien vieillir à Mende" in page and "ODD 17" in page


def test_create_with_an_ambiguous_or_unknown_territory_says_what_to_do(client, user):
    client.force_login(user)
    data = {
        "title": "X",
        "problem": "Y",
        "lead_organisation_name": "Z",
        "my_organisation": "Z",
        "lead_organisation_name_type": "association",
        "form": "partenariat",
        "step": "comprendre",
        "visibility": "membres",
    }
    response = client.post(reverse("partnerships:create"), {**data, "territory_ref": "Saint-Martin"})
    assert response.status_code == 200
    assert "Vouliez-vous dire" in response.content.decode()
    response = client.post(reverse("partnerships:create"), {**data, "territory_ref": "Zzzyxville"})
    assert "Aucun territoire ne correspond à « Zzzyxville »" in response.content.decode()
    response = client.post(reverse("partnerships:create"), {**data, "territory_ref": "commune:99999"})
    assert "Aucun territoire ne correspond à « commune:99999 »" in response.content.decode()
    assert not Alliance.objects.exists()


def test_create_requires_sign_in(client):
    response = client.get(reverse("partnerships:create"))
    assert response.status_code == 302 and "/compte/login/" in response.url


def test_private_alliance_is_404_for_a_non_member(client, alliance):
    client.force_login(UserFactory())
    for name in ("detail", "edit", "members", "history"):
        assert client.get(reverse(f"partnerships:{name}", args=[alliance.pk])).status_code == 404, name
    assert client.get(reverse("partnerships:step", args=[alliance.pk, "agir"])).status_code == 404


def test_edit_records_history_with_before_and_after(client, alliance, pilot):
    client.force_login(pilot)
    form = client.get(reverse("partnerships:edit", args=[alliance.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "sdgs"}
    data.update(title="Emploi et formation des jeunes", sdgs=["8"], territory_ref="commune:48095")
    response = client.post(reverse("partnerships:edit", args=[alliance.pk]), data)
    assert response.status_code == 302
    alliance.refresh_from_db()
    assert alliance.title == "Emploi et formation des jeunes" and alliance.version == 2
    entry = HistoryEntry.objects.filter(alliance=alliance, action="a modifié l'alliance").get()
    assert entry.changes["titre"] == ["Emploi des jeunes à Mende", "Emploi et formation des jeunes"]
    history = client.get(reverse("partnerships:history", args=[alliance.pk])).content.decode()
    assert "Paule Pilote" in history and "Emploi et formation des jeunes" in history


def test_second_editor_gets_a_clear_message_and_sees_the_other_change(client, alliance, pilot):
    other = add_member(alliance, role="pilote", organisation="Mairie de Mende")
    url = reverse("partnerships:edit", args=[alliance.pk])
    client.force_login(pilot)
    form = client.get(url).context["form"]
    stale = {k: v for k, v in form.initial.items() if v is not None and k != "sdgs"}
    # Someone else saves first.
    client.force_login(other)
    client.post(url, {**stale, "title": "Titre choisi par l'autre pilote"})
    client.force_login(pilot)
    response = client.post(url, {**stale, "title": "Mon titre"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Un autre membre a modifié cet élément" in html
    assert "Titre choisi par l&#x27;autre pilote" in html
    assert 'value="Mon titre"' in html  # the user's input is not lost
    alliance.refresh_from_db()
    assert alliance.title == "Titre choisi par l'autre pilote"
    # Re-submitting from the conflict page (now based on the current version) works.
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    assert client.post(url, {**stale, "title": "Mon titre", "version": version}).status_code == 302
    alliance.refresh_from_db()
    assert alliance.title == "Mon titre"


def test_soft_delete_then_restore_within_30_days(client, alliance, pilot):
    client.force_login(pilot)
    assert client.post(reverse("partnerships:delete", args=[alliance.pk])).status_code == 302
    assert client.get(alliance.get_absolute_url()).status_code == 404
    dashboard = client.get(reverse("partnerships:dashboard")).content.decode()
    assert "restaurable jusqu" in dashboard
    assert client.post(reverse("partnerships:restore", args=[alliance.pk])).status_code == 302
    assert client.get(alliance.get_absolute_url()).status_code == 200


def test_restore_is_refused_after_30_days(client, alliance, pilot):
    from datetime import timedelta

    from django.utils import timezone

    Alliance.objects.filter(pk=alliance.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    client.force_login(pilot)
    history = HistoryEntry.objects.filter(alliance=alliance).count()
    assert client.post(reverse("partnerships:restore", args=[alliance.pk])).status_code == 404
    assert "restaurable" not in client.get(reverse("partnerships:dashboard")).content.decode()
    alliance.refresh_from_db()
    assert alliance.is_deleted and HistoryEntry.objects.filter(alliance=alliance).count() == history


def test_partner_cannot_delete(client, alliance, partner):
    client.force_login(partner)
    history = HistoryEntry.objects.filter(alliance=alliance).count()
    assert client.post(reverse("partnerships:delete", args=[alliance.pk])).status_code == 403
    alliance.refresh_from_db()
    assert not alliance.is_deleted and alliance.deleted_by is None
    assert HistoryEntry.objects.filter(alliance=alliance).count() == history
    assert client.get(alliance.get_absolute_url()).status_code == 200


def test_dashboard_shows_step_next_meeting_and_late_actions(client, alliance, pilot):
    from datetime import date

    from alliances.partnerships.models import ActionItem

    MeetingFactory(alliance=alliance, title="Comité de lancement")
    ActionItem.objects.create(alliance=alliance, title="Recenser les offres", due_date=date(2020, 1, 1))
    client.force_login(pilot)
    html = client.get(reverse("partnerships:dashboard")).content.decode()
    assert "Comité de lancement" in html
    assert "1 action en retard" in html
    assert "Comprendre" in html


def test_dashboard_query_count_does_not_grow_with_alliances(client, pilot, django_assert_max_num_queries):
    from alliances.partnerships import services
    from tests.partnerships.factories import mende

    for i in range(12):
        a = services.alliance_create(
            by=pilot,
            organisation_name="Mairie",
            data={
                "title": f"A{i}",
                "problem": "p",
                "territory": mende(),
                "lead_organisation_name": "Mairie",
                "visibility": Visibility.PUBLIC,
                "sdgs": [8, 17],
            },
        )
        MeetingFactory(alliance=a)
        CommitmentFactory(alliance=a)
    client.force_login(pilot)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("partnerships:dashboard"))
    assert response.status_code == 200
    assert len(response.context["mine"]) == 12


def test_public_list_filters_by_territory_sdg_and_step(client):
    a = AllianceFactory(title="À Mende", step="agir")
    a.sdgs.set([8])
    AllianceFactory(title="Privée", visibility=Visibility.MEMBERS)
    html = client.get(
        reverse("partnerships:dashboard") + "?territoire=departement:48&odd=8&etape=agir"
    ).content.decode()
    assert "À Mende" in html and "Privée" not in html
    html = client.get(reverse("partnerships:dashboard") + "?etape=mobiliser").content.decode()
    assert "À Mende" not in html
    html = client.get(reverse("partnerships:dashboard") + "?territoire=commune:1").content.decode()
    assert "invalide" in html


def test_public_list_reads_the_territory_as_people_type_it(client):
    """Not `commune:48095` only: a name resolves, a postal code shared by several communes is asked back."""
    AllianceFactory(title="À Mende")
    AllianceFactory(title="À Lyon", territory=Territory.objects.get(kind="commune", code="69123"))
    url = reverse("partnerships:dashboard")
    html = client.get(url, {"territoire": "Mende"}).content.decode()
    assert "À Mende" in html and "À Lyon" not in html
    assert 'value="Mende (48095)"' in html and "data-territory-autocomplete" in html
    assert "commune:48095, epci" not in html  # the machine syntax is not asked of people any more
    html = client.get(url, {"territoire": "48000", "odd": "8"}).content.decode()
    assert "Vouliez-vous dire" in html and "À Mende" not in html and "À Lyon" not in html
    assert 'href="?territoire=commune%3A48095&amp;odd=8"' in html
    html = client.get(url, {"territoire": "Zzyzx"}).content.decode()
    assert "Aucun territoire ne correspond à « Zzyzx »" in html and "À Lyon" not in html


def test_overview_is_printable_and_lists_commitments(client, alliance, pilot):
    CommitmentFactory(alliance=alliance, amount_eur=1500)
    client.force_login(pilot)
    html = client.get(alliance.get_absolute_url()).content.decode()
    assert "Deux demi-journées de mentorat par mois" in html
    assert "print.css" in html and "Imprimer cette page" in html and "onclick" not in html


def test_purge_command_erases_alliances_deleted_more_than_30_days_ago(alliance, pilot):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    from alliances.partnerships import services

    recent = services.alliance_create(
        by=pilot,
        organisation_name="Mairie",
        data={"title": "Récente", "problem": "p", "territory": alliance.territory, "lead_organisation_name": "Mairie"},
    )
    services.alliance_delete(alliance=alliance, by=pilot)
    services.alliance_delete(alliance=recent, by=pilot)
    Alliance.objects.filter(pk=alliance.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    out = StringIO()
    call_command("purge_alliances", stdout=out)
    assert "1 alliance(s)" in out.getvalue()
    assert list(Alliance.objects.all()) == [recent]


def test_list_pages_query_counts_do_not_grow(client, alliance, pilot, django_assert_max_num_queries):
    """Public list (anonymous), history and members: a fixed number of queries whatever the size."""
    from alliances.partnerships import services

    for i in range(25):
        AllianceFactory(title=f"Publique {i}").sdgs.set([8, 17])
    for i in range(12):
        add_member(alliance, organisation=f"Organisation {i}")
    for i in range(30):
        services.history_record(alliance=alliance, by=pilot, action="a modifié", target=f"élément {i}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("partnerships:dashboard"))
    assert len(response.context["page"]) == 20
    client.force_login(pilot)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("partnerships:dashboard") + "?territoire=departement:48&odd=8")
    assert response.status_code == 200
    with django_assert_max_num_queries(10):
        response = client.get(reverse("partnerships:history", args=[alliance.pk]))
    assert "élément 29" in response.content.decode()
    with django_assert_max_num_queries(12):
        response = client.get(reverse("partnerships:members", args=[alliance.pk]))
    assert "Organisation 11" in response.content.decode()
