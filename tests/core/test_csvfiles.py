"""The one CSV line reader of the importers: encoding, delimiter, and the lines it cannot accept
(a field over the csv module's limit, a NUL character) handed over with their number and reason
while the other lines are read."""

import io

import pytest

from alliances.core.csvfiles import (
    NUL_REASON,
    SourceError,
    UnreadableLine,
    csv_records,
    detect_encoding,
    open_text,
    read_csv,
)

HUGE = "x" * 2_000_000
TOO_LONG = "champ de plus de 131 072 caractères"


def records(text: str, encoding: str = "utf-8") -> list[tuple[int, list[str]]]:
    return list(read_csv(io.BytesIO(text.encode(encoding)), "f.csv").records)


def test_a_huge_field_and_a_nul_are_rejected_with_their_line_and_the_others_read():
    text = 'id;titre\n1;un\n2;"deux\nsur deux lignes"\n3;' + HUGE + "\n4;qua\0tre\n\n5;cinq\n"
    got = records(text)
    assert [line for line, _ in got] == [2, 3, 5, 6, 8]
    assert got[0][1] == ["1", "un"] and got[1][1] == ["2", "deux\nsur deux lignes"] and got[4][1] == ["5", "cinq"]
    for (_, values), reason in ((got[2], TOO_LONG), (got[3], NUL_REASON)):
        assert isinstance(values, UnreadableLine) and values == [] and values.reason == reason


def test_nul_is_found_whatever_the_chunk_it_is_read_in():
    """NUL bytes are counted per chunk read; each line holding one is refused, none other."""
    lines = [f"{n};{'texte ' * 30}" for n in range(2, 3000)]
    for at in (5, 250, 251, 2999):  # first chunk, two neighbours, the last line
        lines[at - 2] = f"{at};te\0xte"
    got = records("id;titre\n" + "\n".join(lines) + "\n", encoding="iso-8859-1")
    refused = [line for line, values in got if isinstance(values, UnreadableLine)]
    assert refused == [5, 250, 251, 2999] and len(got) == 2998


def test_text_lines_are_read_the_same_way():
    got = list(csv_records(["a;b\n", f"1;{HUGE}\n", "2;x\0\n", "3;c\n"], delimiter=";"))
    assert [(line, getattr(values, "reason", values)) for line, values in got] == [
        (1, ["a", "b"]),
        (2, TOO_LONG),
        (3, NUL_REASON),
        (4, ["3", "c"]),
    ]


def test_fields_of_and_rows_carry_the_reason():
    csv_file = read_csv(io.BytesIO(f"a;b\n1;{HUGE}\n2;z\n".encode()), "f.csv")
    assert list(csv_file.fields_of(("b", "a"))) == [(2, ("", ""), TOO_LONG), (3, ("z", "2"), 0)]
    csv_file = read_csv(io.BytesIO(b"a;b\n1;\0\n"), "f.csv")
    assert list(csv_file.rows) == [(2, {"__width__": "0", "__unreadable__": NUL_REASON})]


@pytest.mark.parametrize(
    ("head", "encoding"),
    [
        ("é;à\n".encode("utf-8-sig"), "utf-8-sig"),
        ("é;à\n".encode(), "utf-8"),
        ("é;à\n".encode("latin-1"), "iso-8859-1"),
        (("a" * 10 + "é").encode()[:-1], "utf-8"),  # a character cut at the end of the sample
    ],
)
def test_detect_encoding(head, encoding):
    assert detect_encoding(head) == encoding


def test_open_text_reads_latin1_and_a_stray_latin1_byte_after_utf8(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("CODGEO;LIBGEO\n48095;Mende é\n".encode("latin-1"))
    with open_text(path) as handle:
        assert handle.read().endswith("Mende é\n")
    # UTF-8 in the part sniffed, one ISO-8859-1 byte further (registers merged from many sources).
    path.write_bytes(b"CODGEO;LIBGEO\n" + "48095;Mende é\n".encode() * 30_000 + b"48001;Alli\xe8res\n")
    with open_text(path) as handle:
        assert handle.read().endswith("Mende é\n48001;Allières\n")


def test_an_empty_file_or_header_is_a_source_error():
    with pytest.raises(SourceError, match="fichier vide"):
        read_csv(io.BytesIO(b"  \n"), "vide.csv")
    with pytest.raises(SourceError, match="en-tête illisible"):
        read_csv(io.BytesIO(HUGE.encode() + b";b\n"), "f.csv")
