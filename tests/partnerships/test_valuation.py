"""Valorisation des contributions: each commitment's value by kind, the totals on the overview, in the
convention (ODT and the HTML of its PDF) and in the CSV export; who may read them."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.core.numbers import format_euros
from alliances.core.permissions import Forbidden, Hidden
from alliances.partnerships import convention, selectors, services, valuation
from alliances.partnerships.enums import Visibility
from alliances.partnerships.models import Commitment, HistoryEntry
from tests.partnerships.conftest import add_member
from tests.partnerships.factories import UserFactory, mende

pytestmark = pytest.mark.django_db

NBSP, NNBSP = "\u00a0", "\u202f"


def _create_url(alliance):
    return reverse("partnerships:item_create", args=[alliance.pk, "engagement"])


def _commit(alliance, by, **data):
    """A commitment recorded through the service, as the form records it."""
    fields = {"amount_eur": None, "hours": None, "hourly_rate_eur": None, "start_date": date(2026, 3, 1), **data}
    return services.item_create(alliance=alliance, model=Commitment, data=fields, by=by)


def public_copy(alliance):
    """The same alliance opened to every signed-in user (a 403, not a 404, for a non-member)."""
    alliance.visibility = Visibility.SIGNED_IN
    alliance.save(update_fields=["visibility"])
    return alliance


def _four_kinds(alliance, pilot, partner):
    _commit(
        alliance,
        pilot,
        organisation_name="Mairie de Mende",
        kind="financier",
        description="Subvention",
        amount_eur=Decimal("2500"),
    )
    _commit(
        alliance,
        pilot,
        organisation_name="Mairie de Mende",
        kind="locaux",
        description="Salle (loyer équivalent)",
        amount_eur=Decimal("1200.40"),
    )
    _commit(
        alliance,
        partner,
        organisation_name="Association Lozère Solidaire",
        kind="competences",
        description="Mentorat",
        hours=Decimal("10.5"),
        hourly_rate_eur=Decimal("45"),
    )
    _commit(
        alliance,
        partner,
        organisation_name="Association Lozère Solidaire",
        kind="benevolat",
        description="Accueil",
        hours=Decimal("100"),
    )
    _commit(
        alliance,
        partner,
        organisation_name="Association Lozère Solidaire",
        kind="nature",
        description="Ordinateurs reconditionnés (prix du marché)",
        amount_eur=None,
    )


# --- each commitment's value ------------------------------------------------------------------


def test_value_by_kind_and_rounding_to_the_cent():
    on = date(2026, 3, 1)
    assert valuation.valued(
        kind="financier", amount_eur=Decimal("2500"), hours=Decimal("3"), hourly_rate_eur=None, on=on
    ) == {"amount_eur": Decimal("2500"), "hours": None, "hourly_rate_eur": None}
    assert valuation.valued(kind="locaux", amount_eur=Decimal("600"), hours=None, hourly_rate_eur=None, on=on)[
        "amount_eur"
    ] == Decimal("600")
    skills = valuation.valued(
        kind="competences", amount_eur=None, hours=Decimal("10.5"), hourly_rate_eur=Decimal("45"), on=on
    )
    assert skills == {"amount_eur": Decimal("472.50"), "hours": Decimal("10.5"), "hourly_rate_eur": Decimal("45")}
    # Half a cent goes up, as money is rounded (a float would give 2,97: 0.25 * 11.90 == 2.9749999…).
    assert valuation.hours_value(Decimal("0.25"), Decimal("11.90")) == Decimal("2.98")
    assert valuation.hours_value(Decimal("3.33"), Decimal("11.88")) == Decimal("39.56")
    # Volunteering: the SMIC horaire brut of the commitment's start, whatever rate was typed.
    volunteers = valuation.valued(
        kind="benevolat", amount_eur=None, hours=Decimal("10"), hourly_rate_eur=Decimal("99"), on=date(2025, 12, 31)
    )
    assert volunteers == {"amount_eur": Decimal("118.80"), "hours": Decimal("10"), "hourly_rate_eur": Decimal("11.88")}
    assert valuation.valued(
        kind="benevolat", amount_eur=None, hours=Decimal("10"), hourly_rate_eur=None, on=date(2026, 1, 1)
    )["amount_eur"] == Decimal("120.20")
    # Recorded before the hours existed: the amount typed then stays the value.
    assert valuation.valued(kind="benevolat", amount_eur=Decimal("7000"), hours=None, hourly_rate_eur=None, on=on)[
        "amount_eur"
    ] == Decimal("7000")


def test_the_volunteer_rate_table_is_dated_and_sourced():
    rates = valuation.VOLUNTEER_RATES
    assert [r.since for r in rates] == sorted(r.since for r in rates)
    assert all(r.source and r.url.startswith("https://") and r.hourly_eur > 0 for r in rates)
    assert valuation.volunteer_rate(date(2026, 1, 1)).hourly_eur == Decimal("12.02")
    assert valuation.volunteer_rate(date(2025, 12, 31)).hourly_eur == Decimal("11.88")
    assert valuation.volunteer_rate(date(2020, 1, 1)) == rates[0]  # before the table: its first rate
    sentence = valuation.current_method_sentence(date(2026, 6, 1))
    assert f"12,02{NBSP}€ de l'heure depuis le 1er janvier 2026" in sentence and "décret" in sentence


def test_euros_are_written_the_french_way():
    assert format_euros(Decimal("1234.5")) == f"1{NNBSP}234,50{NBSP}€"
    assert format_euros(Decimal("0.005")) == f"0,01{NBSP}€"
    assert format_euros(0) == f"0,00{NBSP}€"


def test_a_member_types_hours_and_rate_the_french_way(client, alliance, partner):
    client.force_login(partner)
    data = {"organisation_name": "Association Lozère Solidaire", "kind": "competences", "description": "Mentorat"}
    response = client.post(_create_url(alliance), {**data, "hours": "10,5", "hourly_rate_eur": "45"})
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.hours, commitment.hourly_rate_eur, commitment.amount_eur) == (
        Decimal("10.5"),
        Decimal("45"),
        Decimal("472.50"),
    )
    history = HistoryEntry.objects.filter(alliance=alliance, action="a ajouté : engagement")
    assert history.count() == 1
    # Edited: the computed value is not given back as typed, the hours and rate are.
    edit = client.get(reverse("partnerships:item_edit", args=[alliance.pk, "engagement", commitment.pk]))
    html = edit.content.decode()
    assert 'name="hours" value="10,5"' in html and 'name="hourly_rate_eur" value="45"' in html
    assert 'name="amount_eur" value=' not in html
    response = client.post(
        reverse("partnerships:item_edit", args=[alliance.pk, "engagement", commitment.pk]),
        {**data, "hours": "1 234,5", "hourly_rate_eur": "45", "version": commitment.version},
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.amount_eur == Decimal("55552.50")


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (
            {"kind": "competences", "hours": "10,5,3", "hourly_rate_eur": "45"},
            "hours",
            "« 10,5,3 » contient plusieurs séparateurs décimaux",
        ),
        (
            {"kind": "competences", "hours": "10", "hourly_rate_eur": "45 €/h"},
            "hourly_rate_eur",
            "« 45 €/h » n&#x27;est pas un nombre",
        ),
        ({"kind": "competences", "hours": "10"}, "hourly_rate_eur", "Indiquez le taux horaire (€/h)"),
        ({"kind": "competences", "hourly_rate_eur": "45"}, "hours", "Indiquez le nombre d&#x27;heures"),
        ({"kind": "competences", "amount_eur": "900"}, "amount_eur", "Le mécénat de compétences se valorise en heures"),
        (
            {"kind": "benevolat", "hours": "10", "hourly_rate_eur": "20"},
            "hourly_rate_eur",
            "Le bénévolat est valorisé au SMIC horaire brut",
        ),
        ({"kind": "benevolat", "amount_eur": "900"}, "amount_eur", "Le bénévolat se valorise en heures"),
        (
            {"kind": "financier", "amount_eur": "900", "hours": "3"},
            "hours",
            "ne servent qu&#x27;au mécénat de compétences et au bénévolat",
        ),
        ({"kind": "competences", "hours": "-3", "hourly_rate_eur": "45"}, "hours", "ne peut pas être négatif"),
        ({"kind": "competences", "hours": "3,555", "hourly_rate_eur": "45"}, "hours", "Saisissez au plus 2 décimales"),
        ({"kind": "competences", "hours": "9 999 999", "hourly_rate_eur": "999 999"}, "hours", "dépasse"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_stored(client, alliance, pilot, typed, field, message):
    client.force_login(pilot)
    response = client.post(
        _create_url(alliance), {"organisation_name": "Mairie de Mende", "description": "Engagement", **typed}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_errors"' in html and message in html
    assert not Commitment.objects.exists()


# --- totals: one grouped query ---------------------------------------------------------------


def test_totals_per_partner_and_per_alliance_by_kind(alliance, pilot, partner):
    _four_kinds(alliance, pilot, partner)
    with CaptureQueriesContext(connection) as queries:
        totals = selectors.contribution_totals(alliance=alliance, by=pilot)
    assert len(queries) == 1  # the pilot's membership is memoised by services; the totals are one query
    mairie, asso = totals.partners
    assert mairie.name == "Mairie de Mende"  # the lead organisation first
    assert mairie.values == {
        "financier": Decimal("2500"),
        "competences": 0,
        "nature": Decimal("1200.40"),
        "benevolat": 0,
    }
    assert asso.values == {
        "financier": 0,
        "competences": Decimal("472.50"),
        "nature": 0,
        "benevolat": Decimal("1202.00"),
    }
    assert (asso.skills_hours, asso.volunteer_hours, asso.count, asso.unvalued) == (
        Decimal("10.5"),
        Decimal("100"),
        3,
        1,
    )
    whole = totals.alliance
    assert whole.total == Decimal("5374.90") == mairie.total + asso.total
    assert whole.amounts == [Decimal("2500"), Decimal("472.50"), Decimal("1200.40"), Decimal("1202.00")]
    assert (whole.count, whole.unvalued) == (5, 1)


def test_the_totals_cost_one_query_whatever_the_number_of_commitments(alliance, pilot, django_assert_num_queries):
    for i in range(40):
        Commitment.objects.create(
            alliance=alliance,
            organisation_name=f"Partenaire {i % 8}",
            kind="financier",
            description="x",
            amount_eur=Decimal(i),
        )
    selectors.contribution_totals(alliance=alliance, by=pilot)  # memoises the pilot's membership
    with django_assert_num_queries(1):
        totals = selectors.contribution_totals(alliance=alliance, by=pilot)
    assert len(totals.partners) == 8 and totals.alliance.total == sum(range(40))


def test_overview_shows_the_totals_a_person_reads(client, alliance, pilot, partner):
    _four_kinds(alliance, pilot, partner)
    client.force_login(partner)
    response = client.get(alliance.get_absolute_url())
    html = response.content.decode()
    assert "Valorisation des contributions" in html
    assert f'data-testid="valorisation-total">5{NNBSP}374,90{NBSP}€</strong>' in html
    assert "(1 engagement sans valeur pour l'instant)" in html
    # The partner's row: money, skills, in kind, volunteering, total.
    row = html[html.index('<th scope="row">Association Lozère Solidaire</th>') :]
    row = row[: row.index("</tr>")]
    expected = [f"0,00{NBSP}€", f"472,50{NBSP}€", f"0,00{NBSP}€", f"1{NNBSP}202,00{NBSP}€", f"1{NNBSP}674,50{NBSP}€"]
    assert re.findall(r'<td class="num">(?:<strong>)?([^<]*)<', row) == expected
    assert f"10,5{NBSP}h × 45,00{NBSP}€/h" in html and f"100{NBSP}h × 12,02{NBSP}€/h (SMIC horaire brut)" in html
    assert f"12,02{NBSP}€ depuis le 1er janvier 2026" in html
    assert reverse("partnerships:contributions_csv", args=[alliance.pk]) in html


def test_overview_query_count_does_not_grow_with_commitments(client, alliance, pilot, django_assert_max_num_queries):
    for i in range(30):
        Commitment.objects.create(
            alliance=alliance,
            organisation_name=f"Partenaire {i}",
            kind="competences",
            description="x",
            hours=Decimal(i),
            hourly_rate_eur=Decimal(40),
            amount_eur=Decimal(i * 40),
        )
    client.force_login(pilot)
    with django_assert_max_num_queries(14):  # 13 measured, whatever the number of commitments
        response = client.get(alliance.get_absolute_url())
    assert len(response.context["contributions"].partners) == 30


def test_a_public_alliance_shows_its_totals_to_everyone_but_the_csv_to_members_only(client, pilot):
    public = services.alliance_create(
        by=pilot,
        organisation_name="Mairie de Mende",
        data={
            "title": "Publique",
            "problem": "p",
            "territory": mende(),
            "lead_organisation_name": "Mairie de Mende",
            "visibility": Visibility.PUBLIC,
        },
    )
    _commit(
        public,
        pilot,
        organisation_name="Mairie de Mende",
        kind="financier",
        description="Subvention",
        amount_eur=Decimal("1000"),
    )
    html = client.get(public.get_absolute_url()).content.decode()
    assert f"1{NNBSP}000,00{NBSP}€" in html
    csv_url = reverse("partnerships:contributions_csv", args=[public.pk])
    assert csv_url not in html  # an anonymous visitor is not offered the export
    assert client.get(csv_url).status_code == 302  # sign in first
    client.force_login(UserFactory())
    refused = client.get(csv_url)
    assert refused.status_code == 403 and b"1000" not in refused.content


def test_a_private_alliance_hides_its_totals_and_refusals_change_nothing(client, alliance, pilot, partner):
    _four_kinds(alliance, pilot, partner)
    outsider = UserFactory()
    before = list(Commitment.objects.order_by("pk").values_list("amount_eur", "hours", "version"))
    client.force_login(outsider)
    assert client.get(alliance.get_absolute_url()).status_code == 404
    assert client.get(reverse("partnerships:contributions_csv", args=[alliance.pk])).status_code == 404
    commitment = Commitment.objects.filter(kind="competences").get()
    response = client.post(
        reverse("partnerships:item_edit", args=[alliance.pk, "engagement", commitment.pk]),
        {
            "organisation_name": "Association Lozère Solidaire",
            "kind": "competences",
            "description": "Mentorat",
            "hours": "1000",
            "hourly_rate_eur": "999",
            "version": commitment.version,
        },
    )
    assert response.status_code == 404
    # A partner may not revalue another organisation's commitment either.
    observer = add_member(alliance, role="observateur", organisation="Préfecture")
    client.force_login(observer)
    assert client.get(reverse("partnerships:contributions_csv", args=[alliance.pk])).status_code == 200
    response = client.post(
        _create_url(alliance),
        {"organisation_name": "Préfecture", "kind": "financier", "description": "x", "amount_eur": "5"},
    )
    assert response.status_code == 403
    with pytest.raises(Hidden):  # the selector refuses too, whoever calls it
        selectors.contribution_totals_for_export(alliance=alliance, by=outsider)
    with pytest.raises(Forbidden):
        selectors.contribution_totals_for_export(alliance=public_copy(alliance), by=UserFactory())
    assert list(Commitment.objects.order_by("pk").values_list("amount_eur", "hours", "version")) == before
    assert selectors.contribution_totals(alliance=alliance, by=pilot).alliance.total == Decimal("5374.90")


# --- the convention -------------------------------------------------------------------------


def test_the_convention_carries_the_totals_and_the_method(client, alliance, pilot, partner):
    _four_kinds(alliance, pilot, partner)
    client.force_login(pilot)
    response = client.get(reverse("partnerships:convention", args=[alliance.pk, "odt"]))
    content = zipfile.ZipFile(io.BytesIO(response.content)).read("content.xml").decode()
    text = "".join(ElementTree.fromstring(content).itertext())
    assert f"Montant total valorisé des engagements : 5{NNBSP}374,90{NBSP}€." in text
    assert (
        f"Association Lozère Solidaire : 1{NNBSP}674,50{NBSP}€ (mécénat de compétences 472,50{NBSP}€ pour "
        f"10,5{NBSP}heures ; bénévolat 1{NNBSP}202,00{NBSP}€ pour 100{NBSP}heures)." in text
    )
    assert f"Mairie de Mende : 3{NNBSP}700,40{NBSP}€ (apport financier 2{NNBSP}500,00{NBSP}€ ; en nature" in text
    assert f"Dont : apport financier 2{NNBSP}500,00{NBSP}€ ; mécénat de compétences 472,50{NBSP}€" in text
    assert f"SMIC horaire brut en vigueur au début de l'engagement, sans charges patronales : 12,02{NBSP}€" in text
    assert "1 engagement n'a pas encore de valeur" in text
    assert 'table:name="Valorisation par partenaire"' in content
    assert f"10,5{NBSP}h × 45,00{NBSP}€/h" in text
    # The PDF is drawn from the same data, through this HTML.
    data = convention.convention_data(alliance, by=pilot)
    html = convention.render_html(data)
    assert "<caption>Valorisation par partenaire</caption>" in html
    assert "<td>Total de l&#x27;alliance</td>" in html and f"<td>5{NNBSP}374,90{NBSP}€</td>" in html
    pdf = client.get(reverse("partnerships:convention", args=[alliance.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


# --- the CSV export ---------------------------------------------------------------------------


def test_the_csv_export_for_a_french_spreadsheet(client, alliance, pilot, partner):
    _four_kinds(alliance, pilot, partner)
    client.force_login(partner)
    response = client.get(reverse("partnerships:contributions_csv", args=[alliance.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="valorisation-alliance-{alliance.pk}.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: accents read right by spreadsheet software
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Partenaire",
        "Apport financier (€)",
        "Mécénat de compétences (€)",
        "En nature (€)",
        "Bénévolat (€)",
        "Total (€)",
        "Heures de mécénat de compétences",
        "Heures de bénévolat",
        "Engagements",
        "Engagements sans valeur",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Mairie de Mende"][1:] == ["2500,00", "0,00", "1200,40", "0,00", "3700,40", "0", "0", "2", "0"]
    assert by_name["Association Lozère Solidaire"][1:] == [
        "0,00",
        "472,50",
        "0,00",
        "1202,00",
        "1674,50",
        "10,5",
        "100",
        "3",
        "1",
    ]
    assert rows[-1][0] == "Total de l'alliance" and rows[-1][5] == "5374,90"
    # Cells are numbers for the spreadsheet: a decimal comma, no thousands separator.
    parsed = Decimal(rows[-1][5].replace(",", "."))
    assert parsed == sum(Decimal(r[5].replace(",", ".")) for r in rows[1:-1])


def test_the_csv_escapes_a_partner_name_written_as_a_formula(client, alliance, pilot):
    _commit(
        alliance, pilot, organisation_name='=HYPERLINK("x")', kind="financier", description="d", amount_eur=Decimal("1")
    )
    client.force_login(pilot)
    content = client.get(reverse("partnerships:contributions_csv", args=[alliance.pk])).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in content


# --- the demo ------------------------------------------------------------------------------


def test_the_demo_alliance_has_real_sums_of_the_four_kinds(client):
    from alliances.partnerships.demo import load_demo
    from alliances.partnerships.models import Alliance

    load_demo()
    alliance = Alliance.objects.get(title="Premier emploi en Lozère")
    commitment = Commitment.objects.get(alliance=alliance, kind="benevolat")
    rate = valuation.volunteer_rate(commitment.start_date).hourly_eur
    assert commitment.hourly_rate_eur == rate and commitment.amount_eur == valuation.hours_value(Decimal(250), rate)
    pilot = alliance.memberships.get(role="pilote").user
    totals = selectors.contribution_totals(alliance=alliance, by=pilot).alliance
    assert totals.values == {
        "financier": Decimal("4000"),
        "competences": Decimal("18000"),
        "nature": Decimal("9450.50"),
        "benevolat": 250 * rate,
    }
    expected = format_euros(Decimal("31450.50") + 250 * rate)
    assert expected in client.get(alliance.get_absolute_url()).content.decode()
    client.force_login(pilot)
    odt = client.get(reverse("partnerships:convention", args=[alliance.pk, "odt"])).content
    assert expected in zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode()
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("partnerships:contributions_csv", args=[alliance.pk])).content.decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    assert rows[-1][0] == "Total de l'alliance"
    assert Decimal(rows[-1][5].replace(",", ".")) == Decimal("31450.50") + 250 * rate
