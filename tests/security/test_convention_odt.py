"""The convention's OpenDocument file is always well-formed XML (issue 24, finding 12).

Control characters pasted from a word processor (`\\x0b`, `\\x01`…) are allowed in the alliance's
fields but forbidden in XML: they are stripped when the file is written.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from alliances.partnerships.convention import ConventionData, render_odt
from alliances.partnerships.models import Alliance, Commitment
from alliances.territories.models import Territory
from tests.partnerships.factories import AllianceFactory, CommitmentFactory, MembershipFactory

# Every character, control characters and lone surrogates included.
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=60) | st.text(
    st.sampled_from(["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\ud800", "\ufffe", "\uffff", "&", "<", "]", ">"]),
    max_size=20,
)


def _parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[0] == "mimetype"
        return {name: archive.read(name) for name in archive.namelist()}


def assert_well_formed(content: bytes) -> str:
    parts = _parts(content)
    for name, data in parts.items():
        if name.endswith(".xml"):
            ElementTree.fromstring(data)  # raises ParseError when not well-formed
    return parts["content.xml"].decode("utf-8")


@settings(max_examples=150, deadline=None)
@given(title=ANY_TEXT, problem=ANY_TEXT, objectives=ANY_TEXT, partner=ANY_TEXT, description=ANY_TEXT)
def test_the_odt_always_parses_whatever_the_text(title, problem, objectives, partner, description):
    alliance = Alliance(
        title=title, problem=problem, objectives=objectives, governance=problem, territory=Territory(name="Mende")
    )
    commitment = Commitment(organisation_name=partner, kind="financier", description=description, amount_eur=None)
    data = ConventionData(alliance, [partner, title], [commitment], Decimal(0), "1 janvier 2027", [partner])
    assert_well_formed(render_odt(data))


@pytest.mark.django_db
def test_convention_odt_of_an_alliance_with_pasted_control_characters(client):
    alliance = AllianceFactory(title="Alliance\x0b des\x01 aînés", problem="Isolement\x0c des hameaux\x1f")
    pilot = MembershipFactory(alliance=alliance, role="pilote", organisation_name="Mairie\x0b de Mende").user
    CommitmentFactory(alliance=alliance, description="Local\x01 prêté")
    client.force_login(pilot)
    response = client.get(reverse("partnerships:convention", args=[alliance.pk, "odt"]))
    assert response.status_code == 200
    text = assert_well_formed(response.content)
    assert "Alliance des aînés" in text and "Isolement des hameaux" in text and "Local prêté" in text
