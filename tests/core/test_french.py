"""French elision and contractions in generated sentences."""

import pytest
from django.template import Context, Template

from alliances.core.french import elide, of_territory, with_article


@pytest.mark.parametrize(
    ("word", "following", "expected"),
    [
        ("Parce que", "un regard extérieur", "Parce qu'un regard extérieur"),
        ("Parce que", "vos ressources", "Parce que vos ressources"),
        ("de", "Occitanie", "d'Occitanie"),
        ("de", "Île-de-France", "d'Île-de-France"),
        ("de", "Haguenau", "de Haguenau"),  # h may be aspirated: never elided
        ("De", "Ispagnac", "D'Ispagnac"),
        ("que", "Mende", "que Mende"),
    ],
)
def test_elision(word, following, expected):
    assert elide(word, following) == expected


@pytest.mark.parametrize(
    ("kind", "code", "name", "of", "subject"),
    [
        ("commune", "48095", "Mende", "de Mende", "Mende"),
        ("commune", "43157", "Le Puy-en-Velay", "du Puy-en-Velay", "le Puy-en-Velay"),
        ("commune", "04123", "Les Mées", "des Mées", "les Mées"),
        ("commune", "48027", "La Canourgue", "de La Canourgue", "La Canourgue"),
        ("departement", "30", "Gard", "du Gard", "le Gard"),
        ("departement", "48", "Lozère", "de la Lozère", "la Lozère"),
        ("departement", "34", "Hérault", "de l'Hérault", "l'Hérault"),
        ("departement", "40", "Landes", "des Landes", "les Landes"),
        ("departement", "75", "Paris", "de Paris", "Paris"),
        ("region", "76", "Occitanie", "d'Occitanie", "Occitanie"),
        ("region", "44", "Grand Est", "du Grand Est", "le Grand Est"),
        ("region", "32", "Hauts-de-France", "des Hauts-de-France", "les Hauts-de-France"),
        ("epci", "244800405", "CC Coeur de Lozère", "de la CC Coeur de Lozère", "la CC Coeur de Lozère"),
    ],
)
def test_territory_names_take_their_article(kind, code, name, of, subject):
    assert of_territory(kind, code, name) == of
    assert with_article(kind, code, name) == subject


def test_templates_have_the_filter_without_loading_it():
    class Place:
        kind, code, name = "region", "76", "Occitanie"

    assert Template("Chiffres clés {{ place|of_name }}").render(Context({"place": Place()})) == (
        "Chiffres clés d&#x27;Occitanie"
    )
