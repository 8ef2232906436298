"""Recommendations after an assessment: where to go next in the platform, and why.

Only pages that exist on this instance are proposed: the other sections (resources,
practices, catalysts, actors) are looked up by URL name, and skipped when absent.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from alliances.assessment.scoring import AxisResult, Results, question_level, shown_score
from alliances.core.french import elide
from alliances.territories.models import Territory

WEAK_AXES = 3
RESOURCES_PER_AXIS = 3


@dataclass(frozen=True)
class Recommendation:
    title: str
    url: str
    reason: str
    kind: str  # ressource, guide, portrait, pratiques, catalyseurs, acteurs
    axis_slug: str = ""


def _url(name: str, params: dict[str, str] | None = None, **kwargs) -> str | None:
    try:
        url = reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(params)}" if params else url


def _resources_for_axis(slug: str) -> list[tuple[str, str]] | None:
    """(title, url) of the kits tagged for an axis, from the resources app when it offers them."""
    try:
        selectors = importlib.import_module("alliances.resources.selectors")
    except ModuleNotFoundError:
        return None
    provider = getattr(selectors, "resources_for_axis", None)
    if provider is None:
        return None
    items = []
    for item in list(provider(slug))[:RESOURCES_PER_AXIS]:
        title = getattr(item, "title", None) or str(item)
        url = item.get_absolute_url() if hasattr(item, "get_absolute_url") else None
        if url:
            items.append((title, url))
    return items


def _score_short(axis: AxisResult, results: Results) -> str:
    if axis.score is None:
        return "personne n'a pu répondre"
    return f"{shown_score(axis.score)}/100, niveau « {results.referential.level_label(axis.level).lower()} »"


def _score_phrase(axis: AxisResult, results: Results) -> str:
    if axis.score is None:
        return f"personne n'a pu répondre aux questions de l'axe « {axis.axis.title} »"
    label = results.referential.level_label(axis.level)
    return f"l'axe « {axis.axis.title} » obtient {shown_score(axis.score)}/100 (niveau « {label.lower()} »)"


def _answer_phrase(axis: AxisResult, results: Results) -> str:
    """What the answers said on the axis's weakest question: the reason specific to this diagnostic."""
    answered = [q for q in axis.questions if q.average_level is not None]
    if not answered:
        unknown = max(axis.questions, key=lambda q: q.dont_know, default=None)
        return f"à « {unknown.question.text} », la réponse a été « je ne sais pas »" if unknown else ""
    weakest = min(answered, key=lambda q: (q.average_level or 0.0, -q.dont_know))
    level = question_level(weakest.average_level or 1.0)
    label = results.referential.level_label(level).lower()
    described = weakest.question.levels[level].rstrip(" .")
    return f"à « {weakest.question.text} », vos réponses vous situent au niveau « {label} » ({described})"


def recommendations_for(results: Results, territory: Territory) -> list[Recommendation]:
    """Next steps for the weakest axes, then inspiration from comparable territories and catalysts nearby.

    A page is proposed once (a kit classed under several weak axes comes with the first, its
    weakest); each reason quotes the answer that calls for it.
    """
    weak = results.weakest_axes[:WEAK_AXES]
    weak_slugs = [a.axis.slug for a in weak]
    items: list[Recommendation] = []
    seen: set[str] = set()

    def add(item: Recommendation) -> None:
        key = item.url.split("#")[0] if item.kind != "guide" else item.url
        if key not in seen:
            seen.add(key)
            items.append(item)

    for rank, axis in enumerate(weak):
        slug = axis.axis.slug
        why = _score_phrase(axis, results)
        answer = _answer_phrase(axis, results)
        which = "votre point le plus faible" if rank == 0 else "l'un de vos trois axes les plus faibles"
        resources = _resources_for_axis(slug)
        if resources:
            for title, kit_url in resources:
                add(
                    Recommendation(
                        title=title,
                        url=kit_url,
                        kind="ressource",
                        axis_slug=slug,
                        reason=f"Ce kit porte sur l'axe « {axis.axis.title} », {which} ({_score_short(axis, results)}) ; "
                        f"{answer}.",
                    )
                )
        else:
            url = _url("resources:list", {"axe": slug})
            if url:
                add(
                    Recommendation(
                        title=f"Kits et ressources : {axis.axis.title.lower()}",
                        url=url,
                        kind="ressource",
                        axis_slug=slug,
                        reason=f"Ces ressources portent sur l'axe « {axis.axis.title} », {which} "
                        f"({_score_short(axis, results)}) ; {answer}.",
                    )
                )
        guide = _url("assessment:referential")
        if guide:
            add(
                Recommendation(
                    title=f"À quoi ressemble l'étape suivante : {axis.axis.title.lower()}",
                    url=f"{guide}#axe-{slug}",
                    kind="guide",
                    axis_slug=slug,
                    reason=f"{elide('Parce que', why)} : le guide décrit concrètement chaque niveau, "
                    "pour choisir une première marche atteignable.",
                )
            )
        if slug == "connaissance":
            add(
                Recommendation(
                    title=f"Le portrait {territory.of_name}",
                    url=territory.get_absolute_url(),
                    kind="portrait",
                    axis_slug=slug,
                    reason=f"{answer[0].upper()}{answer[1:]}. Un diagnostic partagé commence par des chiffres sourcés "
                    "que tout le monde peut consulter : population, territoires de rattachement, communes voisines."
                    if answer
                    else "Un diagnostic partagé commence par des chiffres sourcés que tout le monde peut consulter.",
                )
            )
        if slug == "mobilisation":
            url = _url("actors:list", {"territoire": territory.ref})
            if url:
                add(
                    Recommendation(
                        title=f"Les acteurs {territory.of_name} et alentours",
                        url=url,
                        kind="acteurs",
                        axis_slug=slug,
                        reason=f"{elide('Parce que', why)} : connaître les associations et entreprises voisines "
                        "est le premier pas pour les réunir.",
                    )
                )
    region = territory.region if territory.kind != "region" else territory
    if region is not None:
        url = _url("practices:list", {"region": region.code})
        if url:
            add(
                Recommendation(
                    title=f"Pratiques inspirantes {region.of_name}",
                    url=url,
                    kind="pratiques",
                    reason="Des territoires comparables de votre région ont déjà monté des alliances sur ces sujets ; "
                    "leurs fiches disent comment, avec qui et ce qui a coincé.",
                )
            )
    url = _url("catalysts:list", {"territoire": territory.ref})
    if url:
        because = (
            "vos ressources et votre ingénierie sont parmi vos points faibles"
            if "ressources" in weak_slugs
            else "un regard extérieur aide à franchir l'étape suivante"
        )
        add(
            Recommendation(
                title=f"Catalyseurs territoriaux près {territory.of_name}",
                url=url,
                kind="catalyseurs",
                reason=f"{elide('Parce que', because)} : un catalyseur territorial fait le lien entre les acteurs "
                "et accompagne la démarche.",
            )
        )
    return items
