"""The fast ASCII transliteration gives exactly unidecode's result."""

import warnings

from hypothesis import given
from hypothesis import strategies as st
from unidecode import unidecode

from alliances.core.text import normalize, to_ascii


@given(st.text())
def test_to_ascii_is_unidecode(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # unidecode warns about lone surrogates
        assert to_ascii(text) == unidecode(text)


def test_normalize_french_text():
    assert normalize("Œuvres « Sainte-Énimie » – St-Chély d’Apcher, 12 €") == (
        "oeuvres sainte enimie saint chely d apcher 12 eur"
    )
