"""API of the assessment app (composed under /api/v1/ by alliances/api.py)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from alliances.assessment import selectors
from alliances.assessment.scoring import score_level
from alliances.core.api_errors import INVALID, NOT_FOUND, UNAUTHORIZED
from alliances.core.pagination import LimitOffsetPagination
from alliances.territories.api import TerritoireRef

router = Router(tags=["autodiagnostic"])


class NiveauOut(Schema):
    valeur: int
    libelle: str
    description: str


class QuestionOut(Schema):
    id: str = Field(..., description="identifiant stable, par exemple « gouvernance.regles »")
    intitule: str
    niveaux: list[NiveauOut]


class AxeOut(Schema):
    slug: str
    titre: str
    titreCourt: str
    description: str
    questions: list[QuestionOut]


class ReferentielOut(Schema):
    version: int
    titre: str
    introduction: str
    niveaux: list[NiveauOut]
    jeNeSaisPas: str = Field(..., description="valeur à envoyer pour « je ne sais pas »")
    axes: list[AxeOut]


class AutodiagnosticOut(Schema):
    id: int
    territoire: TerritoireRef
    versionReferentiel: int
    mode: str
    alliance: int | None = Field(None, description="identifiant de l'alliance qui répond ensemble")
    public: bool
    demonstration: bool
    commenceLe: datetime
    resultatsLe: datetime | None
    scores: dict[str, float] = Field(..., description="score de 0 à 100 par slug d'axe")
    scoreGlobal: float | None
    niveauGlobal: str | None
    url: str


@router.get("/autodiagnostic/referentiel", response=ReferentielOut, summary="Référentiel d'autodiagnostic en vigueur")
def referentiel(request: HttpRequest):
    data = selectors.referential_current().parsed
    return {
        "version": data.version,
        "titre": data.title,
        "introduction": data.introduction,
        "niveaux": [{"valeur": lv.value, "libelle": lv.label, "description": lv.summary} for lv in data.levels],
        "jeNeSaisPas": "nsp",
        "axes": [
            {
                "slug": axis.slug,
                "titre": axis.title,
                "titreCourt": axis.short_title,
                "description": axis.description,
                "questions": [
                    {
                        "id": q.id,
                        "intitule": q.text,
                        "niveaux": [
                            {"valeur": lv.value, "libelle": lv.label, "description": q.levels[lv.value]}
                            for lv in data.levels
                        ],
                    }
                    for q in axis.questions
                ],
            }
            for axis in data.axes
        ],
    }


def _assessment_out(a) -> dict:
    data = a.referential.parsed
    return {
        "id": a.pk,
        "territoire": {"type": a.territory.kind, "code": a.territory.code, "nom": a.territory.name},
        "versionReferentiel": a.referential.version,
        "mode": a.mode,
        "alliance": a.alliance_id,
        "public": a.is_public,
        "demonstration": a.is_demo,
        "commenceLe": a.created_at,
        "resultatsLe": a.completed_at,
        "scores": a.scores,
        "scoreGlobal": a.overall_score,
        "niveauGlobal": data.level_label(score_level(a.overall_score)) if a.overall_score is not None else None,
        "url": a.get_results_url() if a.is_completed else a.get_absolute_url(),
    }


class _Serialised:
    """A queryset seen through `_assessment_out`, sliceable and countable like a list."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_assessment_out(a) for a in self.queryset[index]]
        return _assessment_out(self.queryset[index])


@router.get(
    "/autodiagnostic/mes-autodiagnostics",
    response={200: list[AutodiagnosticOut], **UNAUTHORIZED, **INVALID},
    auth=django_auth,
    summary="Mes autodiagnostics (utilisateur connecté)",
)
@paginate(LimitOffsetPagination)
def mine(request: HttpRequest):
    # A lazy sequence: the paginator slices the queryset before anything is serialised.
    return _Serialised(selectors.assessments_of_user(request.user))


@router.get(
    "/autodiagnostic/mes-autodiagnostics/{assessment_id}",
    response={200: AutodiagnosticOut, **UNAUTHORIZED, **NOT_FOUND, **INVALID},
    auth=django_auth,
    summary="Un de mes autodiagnostics",
)
def mine_detail(request: HttpRequest, assessment_id: int):
    assessment = selectors.assessments_of_user(request.user).filter(pk=assessment_id).first()
    if assessment is None:
        raise HttpError(404, "Autodiagnostic introuvable parmi les vôtres.")
    return _assessment_out(assessment)
