"""The five step workspaces: checklists, diagnostic, actors, commitments, meetings, actions, indicators."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from alliances.partnerships.models import (
    ChecklistItem,
    Commitment,
    HistoryEntry,
    Indicator,
    Measurement,
    Meeting,
)
from tests.indicators.test_portrait import filosofi_occitanie  # noqa: F401 (fixture)
from tests.partnerships.conftest import add_member

pytestmark = pytest.mark.django_db


def _url(alliance, kind, *args):
    return reverse(f"partnerships:item_{'create' if not args else 'edit'}", args=[alliance.pk, kind, *args])


@pytest.mark.parametrize("step", ["comprendre", "mobiliser", "co-construire", "agir", "evaluer"])
def test_each_step_has_its_workspace_and_checklist(client, alliance, pilot, step):
    client.force_login(pilot)
    response = client.get(reverse("partnerships:step", args=[alliance.pk, step]))
    assert response.status_code == 200
    assert len(response.context["checklist"]) >= 3


def test_checklist_is_editable(client, alliance, pilot):
    client.force_login(pilot)
    point = ChecklistItem.objects.filter(alliance=alliance, step="comprendre").first()
    client.post(reverse("partnerships:checklist_toggle", args=[alliance.pk, point.pk]), {"done": "1"})
    point.refresh_from_db()
    assert point.done
    client.post(_url(alliance, "checklist") + "?etape=agir", {"label": "Inviter la presse locale"})
    assert ChecklistItem.objects.filter(alliance=alliance, step="agir", label="Inviter la presse locale").exists()


def test_partner_records_its_commitment_but_cannot_edit_anothers(client, alliance, pilot, partner):
    client.force_login(partner)
    response = client.post(
        _url(alliance, "engagement"),
        {
            "organisation_name": "Association Lozère Solidaire",
            "kind": "benevolat",
            "description": "Dix bénévoles pour l'accueil",
            "hours": "200",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
        },
    )
    assert response.status_code == 302
    mine = Commitment.objects.get()
    # Volunteering is valued at the SMIC horaire brut in force when it starts: 12,02 € on 1 January 2026.
    assert (mine.hours, mine.hourly_rate_eur, mine.amount_eur) == (Decimal("200"), Decimal("12.02"), Decimal("2404"))
    # A partner can only pick its own organisation.
    response = client.post(
        _url(alliance, "engagement"), {"organisation_name": "Mairie de Mende", "kind": "financier", "description": "x"}
    )
    assert response.status_code == 200 and Commitment.objects.count() == 1
    theirs = Commitment.objects.create(
        alliance=alliance, organisation_name="Mairie de Mende", kind="locaux", description="Une salle"
    )
    assert client.get(_url(alliance, "engagement", theirs.pk)).status_code == 403
    assert client.get(_url(alliance, "engagement", mine.pk)).status_code == 200


def test_commitment_errors_are_clear(client, alliance, pilot):
    client.force_login(pilot)
    response = client.post(
        _url(alliance, "engagement"),
        {
            "organisation_name": "Mairie de Mende",
            "kind": "financier",
            "description": "Subvention",
            "amount_eur": "-5",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
        },
    )
    html = response.content.decode()
    assert "ne peut pas être négatif" in html and "doit suivre son début" in html
    assert not Commitment.objects.exists()


def test_concurrent_edit_of_a_meeting(client, alliance, pilot):
    other = add_member(alliance, role="pilote", organisation="Mairie de Mende")
    meeting = Meeting.objects.create(alliance=alliance, title="Comité", date="2026-03-01T10:00:00Z")
    url = _url(alliance, "reunion", meeting.pk)
    client.force_login(pilot)
    stale = {"title": "Comité", "date": "2026-03-01T11:00", "version": "1"}
    client.force_login(other)
    assert client.post(url, {**stale, "decisions": "Lancer l'appel"}).status_code == 302
    client.force_login(pilot)
    response = client.post(url, {**stale, "minutes": "Mon compte rendu"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Un autre membre a modifié" in html and "Lancer l&#x27;appel" in html and "Mon compte rendu" in html
    meeting.refresh_from_db()
    assert meeting.decisions == "Lancer l'appel" and meeting.minutes == ""


def test_indicator_with_two_measurements_has_a_chart_and_a_table(client, alliance, pilot):
    client.force_login(pilot)
    client.post(
        _url(alliance, "indicateur"),
        {
            "name": "Jeunes en emploi",
            "dimension": "odd",
            "sdg": "8",
            "unit": "personnes",
            "baseline": "4",
            "target": "20",
        },
    )
    indicator = Indicator.objects.get()
    for day, value in (("2026-01-15", "6"), ("2026-06-15", "11")):
        client.post(
            reverse("partnerships:measurement_add", args=[alliance.pk, indicator.pk]),
            {"date": day, "value": value, "source": "Mission locale"},
        )
    assert Measurement.objects.filter(indicator=indicator).count() == 2
    html = client.get(reverse("partnerships:step", args=[alliance.pk, "evaluer"])).content.decode()
    assert "<svg" in html and "<polyline" in html
    assert "15/06/2026" in html and "Mission locale" in html
    assert "de 6 personnes le 15/01/2026 à 11 personnes le 15/06/2026" in html


def test_an_sdg_indicator_needs_its_sdg(client, alliance, pilot):
    client.force_login(pilot)
    response = client.post(_url(alliance, "indicateur"), {"name": "X", "dimension": "odd"})
    assert "Choisissez l&#x27;ODD" in response.content.decode()


def test_measurement_errors_lose_nothing(client, alliance, pilot):
    indicator = Indicator.objects.create(alliance=alliance, name="Confiance", dimension="confiance")
    client.force_login(pilot)
    response = client.post(
        reverse("partnerships:measurement_add", args=[alliance.pk, indicator.pk]),
        {"date": "pas une date", "value": "12", "source": "Enquête"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saisissez une date valide" in html and 'value="Enquête"' in html


def test_observer_reads_but_cannot_add(client, alliance):
    observer = add_member(alliance, role="observateur", organisation="Préfecture")
    client.force_login(observer)
    assert client.get(reverse("partnerships:step", args=[alliance.pk, "agir"])).status_code == 200
    assert client.get(_url(alliance, "reunion")).status_code == 403


def test_every_change_is_in_the_history(client, alliance, pilot):
    client.force_login(pilot)
    client.post(_url(alliance, "action"), {"title": "Recenser les offres", "status": "a_faire"})
    client.post(_url(alliance, "journal"), {"text": "Première rencontre très positive."})
    actions = list(HistoryEntry.objects.filter(alliance=alliance).values_list("action", flat=True))
    assert "a ajouté : action" in actions and "a ajouté : entrée du journal" in actions


def test_convention_odt_and_pdf_contain_partners_and_commitments(client, alliance, pilot, partner):
    Commitment.objects.create(
        alliance=alliance,
        organisation_name="Association Lozère Solidaire",
        kind="benevolat",
        description="Dix bénévoles pour l'accueil",
        amount_eur=Decimal("2500"),
    )
    client.force_login(pilot)
    response = client.get(reverse("partnerships:convention", args=[alliance.pk, "odt"]))
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist()[0] == "mimetype"
    assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    content = archive.read("content.xml").decode()
    from xml.dom.minidom import parseString

    parseString(content)  # well-formed XML
    for expected in (
        "Mairie de Mende",
        "Association Lozère Solidaire",
        "Dix bénévoles pour l&apos;accueil" if "&apos;" in content else "Dix bénévoles pour l'accueil",
        "2\u202f500,00\u00a0€",
    ):
        assert expected in content
    response = client.get(reverse("partnerships:convention", args=[alliance.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


@pytest.mark.usefixtures("filosofi_occitanie")
def test_comprendre_offers_the_portrait_findings_to_the_shared_diagnostic(client, alliance, pilot):
    from alliances.partnerships.models import DiagnosticItem

    url = reverse("partnerships:step", args=[alliance.pk, "comprendre"])
    client.force_login(pilot)
    html = client.get(url).content.decode()
    assert "Relevés du portrait du territoire" in html and "Le taux de pauvreté (30,0" in html
    add = reverse("partnerships:diagnostic_from_portrait", args=[alliance.pk])
    assert client.post(add, {"code": "taux_pauvrete"}).status_code == 302
    item = DiagnosticItem.objects.get(alliance=alliance)
    assert item.kind == "fragilite" and item.text.startswith("Le taux de pauvreté (30,0")
    assert item.source == "Portrait du territoire : Taux de pauvreté"
    assert "(dans le diagnostic)" in client.get(url).content.decode()
    again = client.post(add, {"code": "taux_pauvrete"}, follow=True).content.decode()
    assert "déjà dans le diagnostic" in again
    unknown = client.post(add, {"code": "inexistant"}, follow=True).content.decode()
    assert "ne figure plus dans le portrait" in unknown
    assert DiagnosticItem.objects.filter(alliance=alliance).count() == 1
