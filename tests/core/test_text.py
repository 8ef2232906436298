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


def _terms_of_whole_text(text: str) -> list[str]:
    from alliances.core.search.analysis import STOP_WORDS, stem

    return [stem(word) for word in normalize(text).split() if word not in STOP_WORDS]


@given(
    st.one_of(
        st.text(),
        st.lists(
            st.sampled_from(
                [
                    "a",
                    "A",
                    "é",
                    "É",
                    "œ",
                    "’",
                    "'",
                    "-",
                    " ",
                    ".",
                    "\t",
                    "\n",
                    "\xa0",
                    "\u2009",
                    "\x85",
                    "ç",
                    "0",
                    "ß",
                    "St ",
                    "ste ",
                    " les ",
                    "emplois",
                    "jeunes",
                ]
            )
        ).map("".join),
    )
)
def test_search_terms_word_by_word_equal_terms_of_the_whole_text(text):
    from alliances.core.search.analysis import terms

    assert terms(text) == _terms_of_whole_text(text)


def test_search_terms_of_a_french_sentence():
    from alliances.core.search.analysis import terms

    text = "Les Jardins partagés de St-Chély : entraide, écologie et emplois des jeunes"
    assert (
        terms(text)
        == _terms_of_whole_text(text)
        == ["jardin", "partag", "saint", "chely", "entraid", "ecolog", "emploi", "jeun"]
    )
