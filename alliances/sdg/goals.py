"""The 17 Sustainable Development Goals with their official French titles and colours."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Goal:
    number: int
    title: str
    color: str
    # Foreground chosen for a contrast ratio of at least 4.5:1 on the official colour.
    text_color: str

    @property
    def label(self) -> str:
        return f"ODD {self.number} — {self.title}"


_RAW = [
    (1, "Pas de pauvreté", "#E5243B"),
    (2, "Faim « zéro »", "#DDA63A"),
    (3, "Bonne santé et bien-être", "#4C9F38"),
    (4, "Éducation de qualité", "#C5192D"),
    (5, "Égalité entre les sexes", "#FF3A21"),
    (6, "Eau propre et assainissement", "#26BDE2"),
    (7, "Énergie propre et d'un coût abordable", "#FCC30B"),
    (8, "Travail décent et croissance économique", "#A21942"),
    (9, "Industrie, innovation et infrastructure", "#FD6925"),
    (10, "Inégalités réduites", "#DD1367"),
    (11, "Villes et communautés durables", "#FD9D24"),
    (12, "Consommation et production responsables", "#BF8B2E"),
    (13, "Mesures relatives à la lutte contre les changements climatiques", "#3F7E44"),
    (14, "Vie aquatique", "#0A97D9"),
    (15, "Vie terrestre", "#56C02B"),
    (16, "Paix, justice et institutions efficaces", "#00689D"),
    (17, "Partenariats pour la réalisation des objectifs", "#19486A"),
]


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _text_color(background: str) -> str:
    return "#FFFFFF" if contrast_ratio(background, "#FFFFFF") >= 4.5 else "#000000"


GOALS: tuple[Goal, ...] = tuple(Goal(n, t, c, _text_color(c)) for n, t, c in _RAW)
GOALS_BY_NUMBER = {goal.number: goal for goal in GOALS}
SDG_CHOICES = [(goal.number, goal.label) for goal in GOALS]
