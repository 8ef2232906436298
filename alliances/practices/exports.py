"""The public form of a practice, shared by the API, the CSV/JSON exports and the JSON import."""

from __future__ import annotations

LICENCE = "Licence Ouverte / Open Licence version 2.0 (Etalab)"


def practice_to_dict(practice) -> dict:
    """A published practice as open data (French field names, like the API)."""
    return {
        "id": practice.pk,
        "titre": practice.title,
        "resume": practice.summary,
        "territoires": [{"type": t.kind, "code": t.code, "nom": t.name} for t in practice.territories.all()],
        "fragilites": list(practice.fragilities),
        "probleme": practice.problem,
        "actions": practice.actions,
        "forme": practice.form or None,
        "typesPartenariat": list(practice.partnership_types),
        "formesMecenat": list(practice.mecenat_kinds),
        "partenaires": [{"nom": p.name, "role": p.role} for p in practice.partners.all()],
        "odd": sorted(s.pk for s in practice.sdgs.all()),
        "ciblesOdd": practice.sdg_targets,
        "debut": practice.started_on.isoformat() if practice.started_on else None,
        "fin": practice.ended_on.isoformat() if practice.ended_on else None,
        "etape": practice.stage or None,
        "budget": practice.budget_band or None,
        "financements": practice.funding_sources,
        "resultats": practice.results,
        "impactOrganisations": practice.impact_organisations,
        "impactInnovation": practice.impact_innovation,
        "impactConfiance": practice.impact_trust,
        "enseignements": practice.lessons,
        "liens": list(practice.links),
        "publieLe": practice.published_at.isoformat() if practice.published_at else None,
        "exempleFictif": practice.is_demo,
    }


_CSV_COLUMNS = [
    "id",
    "titre",
    "resume",
    "territoires",
    "fragilites",
    "forme",
    "typesPartenariat",
    "odd",
    "etape",
    "budget",
    "partenaires",
    "resultats",
    "publieLe",
    "exempleFictif",
    "url",
    "licence",
]


def practice_export_row(practice) -> dict:
    if practice is None:
        return dict.fromkeys(_CSV_COLUMNS, "")
    data = practice_to_dict(practice)
    return {
        "id": data["id"],
        "titre": data["titre"],
        "resume": data["resume"],
        "territoires": "|".join(f"{t['type']}:{t['code']}" for t in data["territoires"]),
        "fragilites": "|".join(data["fragilites"]),
        "forme": data["forme"] or "",
        "typesPartenariat": "|".join(data["typesPartenariat"]),
        "odd": "|".join(map(str, data["odd"])),
        "etape": data["etape"] or "",
        "budget": data["budget"] or "",
        "partenaires": "|".join(p["nom"] for p in data["partenaires"]),
        "resultats": data["resultats"],
        "publieLe": data["publieLe"] or "",
        "exempleFictif": "oui" if data["exempleFictif"] else "non",
        "url": practice.get_absolute_url(),
        "licence": LICENCE,
    }
