"""Key figures from the collective's public studies, always with their source and year."""

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyFigure:
    value: str
    text: str
    source: str
    year: int


KEY_FIGURES = [
    KeyFigure(
        "81 %",
        "des Français attendent que collectivités, entreprises et associations agissent ensemble",
        "Sondage OpinionWay pour l'Observatoire des partenariats",
        2020,
    ),
    KeyFigure(
        "76 %",
        "des maires estiment que leur territoire est dans une dynamique de co-construction",
        "Observatoire des partenariats, étude auprès des maires",
        2016,
    ),
    KeyFigure(
        "46 %",
        "des maires ne savent pas comment piloter cette dynamique",
        "Observatoire des partenariats, étude auprès des maires",
        2016,
    ),
    KeyFigure(
        "1,2 million", "de partenariats entre associations et entreprises", "Observatoire des partenariats", 2015
    ),
]
