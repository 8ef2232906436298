"""The self-assessment referential: parse and validate its YAML text into plain dataclasses.

Pure functions (no database): `services.referential_load` stores what this module returns,
and every assessment reads back the version it was answered with.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

REFERENTIALS_DIR = Path(__file__).with_name("referentials")
AXIS_SLUGS = ("connaissance", "mobilisation", "gouvernance", "experimentation", "ressources", "evaluation")
LEVELS = (1, 2, 3, 4)
MIN_QUESTIONS, MAX_QUESTIONS = 4, 6


class ReferentialError(ValueError):
    """The referential file is malformed; the message says where and what to fix (in French)."""


@dataclass(frozen=True)
class Level:
    value: int
    label: str
    summary: str


@dataclass(frozen=True)
class Question:
    id: str
    axis_slug: str
    text: str
    levels: dict[int, str]  # level value → concrete description


@dataclass(frozen=True)
class Axis:
    slug: str
    title: str
    short_title: str
    description: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class ReferentialData:
    version: int
    title: str
    introduction: str
    levels: tuple[Level, ...]
    axes: tuple[Axis, ...]

    @cached_property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for axis in self.axes for q in axis.questions}

    def axis(self, slug: str) -> Axis:
        for axis in self.axes:
            if axis.slug == slug:
                return axis
        raise KeyError(slug)

    def level_label(self, value: int | None) -> str:
        for level in self.levels:
            if level.value == value:
                return level.label
        return "Je ne sais pas"


def referential_files() -> list[Path]:
    """The YAML files shipped with the app, oldest version first."""
    return sorted(REFERENTIALS_DIR.glob("v*.yaml"), key=lambda p: int(p.stem[1:]) if p.stem[1:].isdigit() else 0)


def parse_referential(text: str) -> ReferentialData:
    """Parse the YAML text of a referential; raise ReferentialError with a French message."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (ligne {mark.line + 1})" if mark else ""
        raise ReferentialError(f"YAML illisible{where} : {getattr(error, 'problem', error)}") from error
    return referential_from_dict(raw)


def referential_from_dict(raw: Any) -> ReferentialData:
    """Validate an already decoded referential (from YAML or from the database)."""
    if not isinstance(raw, dict):
        raise ReferentialError("Le référentiel doit être un dictionnaire (version, titre, niveaux, axes).")
    version = raw.get("version")
    if not isinstance(version, int) or version < 1:
        raise ReferentialError("« version » doit être un entier positif.")
    for key in ("titre", "niveaux", "axes"):
        if not raw.get(key):
            raise ReferentialError(f"Champ « {key} » manquant.")
    levels = tuple(
        Level(
            value=_int(item, "valeur", "niveaux"),
            label=_text(item, "libelle", "niveaux"),
            summary=str(item.get("resume", "")).strip(),
        )
        for item in raw["niveaux"]
    )
    if tuple(level.value for level in levels) != LEVELS:
        raise ReferentialError("« niveaux » doit décrire exactement les niveaux 1, 2, 3 et 4, dans l'ordre.")
    axes = []
    seen: set[str] = set()
    for position, item in enumerate(raw["axes"], start=1):
        where = f"axe n° {position}"
        slug = _text(item, "slug", where)
        where = f"axe « {slug} »"
        questions = []
        for number, q in enumerate(item.get("questions") or [], start=1):
            qid = _text(q, "id", f"{where}, question n° {number}")
            if qid in seen:
                raise ReferentialError(f"{where} : identifiant de question en double « {qid} ».")
            if not qid.startswith(f"{slug}."):
                raise ReferentialError(f"{where} : l'identifiant « {qid} » doit commencer par « {slug}. ».")
            seen.add(qid)
            descriptions = q.get("niveaux") or {}
            if isinstance(descriptions, dict):
                # Stored as JSON, the level keys come back as strings.
                descriptions = {int(k) if str(k).isdigit() else k: v for k, v in descriptions.items()}
            if not isinstance(descriptions, dict) or sorted(descriptions, key=str) != list(LEVELS):
                raise ReferentialError(f"{where}, question « {qid} » : décrire les niveaux 1, 2, 3 et 4.")
            if any(not str(descriptions[v]).strip() for v in LEVELS):
                raise ReferentialError(f"{where}, question « {qid} » : un niveau n'a pas de description.")
            questions.append(
                Question(
                    id=qid,
                    axis_slug=slug,
                    text=_text(q, "intitule", qid),
                    levels={v: str(descriptions[v]).strip() for v in LEVELS},
                )
            )
        if not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
            raise ReferentialError(
                f"{where} : {len(questions)} question(s), il en faut entre {MIN_QUESTIONS} et {MAX_QUESTIONS}."
            )
        title = _text(item, "titre", where)
        axes.append(
            Axis(
                slug=slug,
                title=title,
                short_title=str(item.get("court") or title).strip(),
                description=str(item.get("description", "")).strip(),
                questions=tuple(questions),
            )
        )
    slugs = tuple(axis.slug for axis in axes)
    if slugs != AXIS_SLUGS:
        raise ReferentialError(
            f"Les axes doivent être, dans l'ordre : {', '.join(AXIS_SLUGS)} (reçu : {', '.join(slugs)})."
        )
    return ReferentialData(
        version=version,
        title=str(raw["titre"]).strip(),
        introduction=str(raw.get("introduction", "")).strip(),
        levels=levels,
        axes=tuple(axes),
    )


def _text(item: Any, key: str, where: str) -> str:
    value = item.get(key) if isinstance(item, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise ReferentialError(f"{where} : champ « {key} » manquant ou vide.")
    return value.strip()


def _int(item: Any, key: str, where: str) -> int:
    value = item.get(key) if isinstance(item, dict) else None
    if not isinstance(value, int):
        raise ReferentialError(f"{where} : champ « {key} » doit être un entier.")
    return value
