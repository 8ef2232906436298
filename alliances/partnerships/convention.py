"""The convention de partenariat, filled from the alliance's data: ODT (written by hand, an
OpenDocument file is a zip of XML) and PDF (WeasyPrint from an HTML template)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import formats, timezone

from alliances.core.numbers import format_euros, format_french
from alliances.core.xmltext import xml_escape
from alliances.partnerships import valuation
from alliances.partnerships.models import Alliance, Commitment, Membership
from alliances.partnerships.selectors import Contribution, ContributionTotals, contribution_totals_for_export


@dataclass
class ConventionData:
    alliance: Alliance
    partners: list[str]
    commitments: list[Commitment]
    total: Decimal
    date: str
    # "Name (kind, identifiers, seat)": how each partner is designated, from the directory when linked.
    parties: list[str] = field(default_factory=list)
    contributions: ContributionTotals | None = None


def designation(name: str, organisation) -> str:
    """How the convention names a partner: the directory's identity when the partner is linked to it."""
    if organisation is None:
        return name
    parts = [organisation.get_kind_display().lower()]
    if organisation.siren:
        parts.append(f"SIREN {organisation.siren}")
    if organisation.rna_id:
        parts.append(f"RNA {organisation.rna_id}")
    address = " ".join(p for p in [organisation.address.strip(), organisation.postal_code] if p)
    if address:
        parts.append(
            f"dont le siège est {address}" + (f" à {organisation.commune.name}" if organisation.commune_id else "")
        )
    elif organisation.commune_id:
        parts.append(f"dont le siège est à {organisation.commune.name}")
    return f"{name} ({', '.join(parts)})"


def convention_data(alliance: Alliance, *, by) -> ConventionData:
    """What the convention says, read for `by` (the alliance's members and administrators)."""
    contributions = contribution_totals_for_export(alliance=alliance, by=by)
    commitments = list(Commitment.objects.filter(alliance=alliance))
    linked = {alliance.lead_organisation_name: alliance.lead_organisation}
    names = [alliance.lead_organisation_name]
    memberships = (
        Membership.objects.filter(alliance=alliance).select_related("organisation__commune").order_by("created_at")
    )
    for membership in memberships:
        name = membership.organisation_name
        if name and name not in names:
            names.append(name)
        if name and linked.get(name) is None:
            linked[name] = membership.organisation
    for c in commitments:
        if c.organisation_name and c.organisation_name not in names:
            names.append(c.organisation_name)
    return ConventionData(
        alliance,
        names,
        commitments,
        contributions.alliance.total,
        formats.date_format(timezone.localdate(), "j F Y"),
        parties=[designation(name, linked.get(name)) for name in names],
        contributions=contributions,
    )


def euros(value: Decimal | None) -> str:
    return "—" if value is None else format_euros(value)


def _hours(value: Decimal) -> str:
    return f"{format_french(value)}\u00a0heure{'s' if value >= 2 else ''}"


def _breakdown(contribution: Contribution) -> str:
    """« apport financier 4 000,00 € ; mécénat de compétences 18 000,00 € pour 400 heures » — the kinds it has."""
    parts = []
    for kind, label in valuation.ValueKind.choices:
        value, hours = contribution.values[kind], contribution.hours[kind]
        if value or hours:
            parts.append(f"{label.lower()} {euros(value)}" + (f" pour {_hours(hours)}" if hours else ""))
    return " ; ".join(parts)


def valuation_paragraphs(data: ConventionData) -> list[str]:
    """Article 4: the total and its breakdown, each partner's share, the method, what has no value yet."""
    totals = data.contributions
    if totals is None or not data.commitments:
        return ["Aucun engagement n'est encore enregistré."]
    whole = totals.alliance
    paragraphs = [f"Montant total valorisé des engagements : {euros(whole.total)}."]
    if whole.total:
        paragraphs.append(f"Dont : {_breakdown(whole)}.")
    for partner in totals.partners:
        detail = _breakdown(partner)
        paragraphs.append(f"{partner.name} : {euros(partner.total)}" + (f" ({detail})." if detail else "."))
    paragraphs.append(
        "Méthode de valorisation : un apport financier pour son montant ; un don en nature, une mise à disposition "
        "de locaux ou un apport logistique pour la valeur estimée par le partenaire qui l'apporte ; le mécénat de "
        "compétences pour le nombre d'heures multiplié par le taux horaire indiqué par l'entreprise. "
        + valuation.current_method_sentence(timezone.localdate())
    )
    if whole.unvalued:
        paragraphs.append(
            f"{whole.unvalued} engagement{'s' if whole.unvalued > 1 else ''} "
            f"n'{'ont' if whole.unvalued > 1 else 'a'} pas encore de valeur et "
            f"n'{'entrent' if whole.unvalued > 1 else 'entre'} pas dans ces montants."
        )
    return paragraphs


def _period(c: Commitment) -> str:
    if c.start_date and c.end_date:
        return f"du {c.start_date:%d/%m/%Y} au {c.end_date:%d/%m/%Y}"
    if c.start_date:
        return f"à partir du {c.start_date:%d/%m/%Y}"
    if c.end_date:
        return f"jusqu'au {c.end_date:%d/%m/%Y}"
    return "durée de l'alliance"


def sections(data: ConventionData) -> list[tuple[str, list[str]]]:
    """The convention's articles as (title, paragraphs): the same text for ODT and PDF."""
    a = data.alliance
    articles = [
        (
            "Entre les soussignés",
            [f"{name}," for name in (data.parties or data.partners)] + ["ci-après « les partenaires »."],
        ),
        (
            "Article 1 — Objet",
            [
                f"La présente convention organise l'alliance « {a.title} » sur le territoire de {a.territory}.",
                f"Problème traité : {a.problem}",
            ],
        ),
        (
            "Article 2 — Objectifs",
            [line for line in (a.objectives or "À compléter par les partenaires.").splitlines() if line.strip()],
        ),
        (
            "Article 3 — Gouvernance",
            [line for line in (a.governance or "À compléter par les partenaires.").splitlines() if line.strip()],
        ),
        ("Article 4 — Engagements des partenaires", valuation_paragraphs(data)),
        (
            "Article 5 — Durée",
            [
                f"La convention prend effet le {a.start_date:%d/%m/%Y}"
                + (f" et s'achève le {a.end_date:%d/%m/%Y}." if a.end_date else ".")
                if a.start_date
                else "La convention prend effet à sa signature par l'ensemble des partenaires."
            ],
        ),
        (
            "Article 6 — Évaluation",
            [
                "Les partenaires suivent ensemble des indicateurs d'impact sur les organisations, l'innovation "
                "territoriale et la confiance entre acteurs, ainsi que la contribution aux objectifs de développement durable.",
            ],
        ),
    ]
    return articles


def commitment_rows(data: ConventionData) -> list[list[str]]:
    return [
        [
            c.organisation_name,
            c.get_kind_display(),
            c.description,
            valuation.basis(c) or ("montant indiqué" if c.amount_eur is not None else "à préciser"),
            euros(c.amount_eur),
            _period(c),
        ]
        for c in data.commitments
    ]


COMMITMENT_HEADERS = ["Partenaire", "Type", "Description", "Calcul", "Valeur", "Période"]


def totals_table(data: ConventionData) -> tuple[list[str], list[list[str]]]:
    """The valued contributions per partner and for the alliance: headers, then rows (the last is the alliance)."""
    totals = data.contributions
    headers = ["Partenaire", *valuation.ValueKind.labels, "Total"]
    if totals is None:
        return headers, []
    return headers, [
        [p.name, *(euros(v) for v in p.amounts), euros(p.total)] for p in [*totals.partners, totals.alliance]
    ]


def tables(data: ConventionData) -> list[tuple[str, list[str], list[list[str]]]]:
    """The tables of article 4 (name, headers, rows): the commitments, then the totals per partner."""
    if not data.commitments:
        return []
    headers, rows = totals_table(data)
    return [
        ("Engagements", COMMITMENT_HEADERS, commitment_rows(data)),
        ("Valorisation par partenaire", headers, rows),
    ]


_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'office:version="1.3"'
)


def _p(text: str, style: str = "Standard") -> str:
    return f'<text:p text:style-name="{style}">{xml_escape(text)}</text:p>'


def render_odt(data: ConventionData) -> bytes:
    """A valid OpenDocument text: `mimetype` first and uncompressed, a manifest, content and styles."""
    body = [
        f'<text:h text:style-name="Title" text:outline-level="1">{xml_escape("Convention de partenariat")}</text:h>',
        _p(data.alliance.title, "Subtitle"),
    ]
    for title, paragraphs in sections(data):
        body.append(f'<text:h text:style-name="Heading_20_2" text:outline-level="2">{xml_escape(title)}</text:h>')
        body.extend(_p(p) for p in paragraphs)
        if title.startswith("Article 4"):
            for name, headers, rows in tables(data):
                cells = "".join(
                    "<table:table-row>"
                    + "".join(
                        f'<table:table-cell office:value-type="string">{_p(cell)}</table:table-cell>' for cell in row
                    )
                    + "</table:table-row>"
                    for row in [headers, *rows]
                )
                body.append(
                    f'<table:table table:name="{xml_escape(name)}">'
                    f'<table:table-column table:number-columns-repeated="{len(headers)}"/>{cells}</table:table>'
                )
    body.append(_p(f"Fait le {data.date}, en autant d'exemplaires que de partenaires."))
    for name in data.partners:
        body.append(_p(f"Pour {name} : signature"))
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS}>'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body></office:document-content>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {_NS}><office:styles>'
        '<style:style style:name="Standard" style:family="paragraph"><style:text-properties fo:font-size="11pt"/></style:style>'
        '<style:style style:name="Title" style:family="paragraph"><style:text-properties fo:font-size="20pt" fo:font-weight="bold"/></style:style>'
        '<style:style style:name="Subtitle" style:family="paragraph"><style:text-properties fo:font-size="14pt"/></style:style>'
        '<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph">'
        '<style:text-properties fo:font-size="13pt" fo:font-weight="bold"/></style:style>'
        "</office:styles></office:document-styles>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("styles.xml", styles, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def render_html(data: ConventionData) -> str:
    """The convention as HTML, the source of its PDF (the same articles and tables as the ODT)."""
    return render_to_string(
        "partnerships/convention.html", {"data": data, "sections": sections(data), "tables": tables(data)}
    )


def render_pdf(data: ConventionData, *, base_url: str = "") -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(data), base_url=base_url or None).write_pdf()
