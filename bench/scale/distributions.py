"""Distributions the generator draws from, with where each comes from.

- RNA social-object families: counted in the real RNA file of Lozère
  (`rna_import_20241001_dpt_48.csv`, 3,186 associations, October 2024 release); a test
  recounts them from the file when it is present, so they cannot drift from it.
- RNA positions (A active / D dissolved): same file, the R lines (taken over in Waldec) folded
  into A because a waldec file carries them under their new id.
- SIRENE sectors: shares of the NAF sections among active establishments, rounded from INSEE's
  published breakdown of the SIRENE stock (commerce, construction, professional services and
  real estate first); the NAF codes are real codes of each section.
"""

from __future__ import annotations

# Family (first 3 digits of objet_social1) → count in the real Lozère file ("000" = no code).
RNA_FAMILY_COUNTS = {
    "011": 687,
    "006": 447,
    "007": 264,
    "014": 214,
    "015": 185,
    "009": 166,
    "022": 148,
    "024": 147,
    "000": 147,
    "020": 121,
    "023": 86,
    "019": 72,
    "017": 71,
    "013": 70,
    "034": 58,
    "038": 57,
    "005": 40,
    "040": 37,
    "010": 27,
    "032": 26,
    "018": 24,
    "001": 22,
    "030": 21,
    "016": 19,
    "003": 12,
    "036": 9,
    "021": 7,
    "002": 2,
}
# Half of the real lines have no second object (objet_social2 = 000000): 1,630 of 3,186.
RNA_NO_SECOND_OBJECT = 1630 / 3186
# Positions in the real file: A 2,234, R 530 (→ A), D 422.
RNA_POSITIONS = {"A": 2234 + 530, "D": 422}
# Share of creation dates unknown (0001-01-01) in waldec files.
RNA_UNKNOWN_DATE = 0.15

# NAF section → (share of establishments in %, real NAF codes of the section).
NAF_SECTIONS = {
    "G": (17.0, ["47.11F", "47.24Z", "47.73Z", "45.20A", "46.90Z"]),
    "M": (13.0, ["69.10Z", "69.20Z", "70.22Z", "71.12B", "74.10Z"]),
    "F": (11.0, ["43.21A", "43.22A", "43.32A", "41.20A", "43.99C"]),
    "L": (10.0, ["68.20A", "68.20B", "68.31Z", "68.10Z"]),
    "S": (7.0, ["96.02A", "94.99Z", "96.09Z", "95.11Z"]),
    "Q": (7.0, ["86.21Z", "86.90D", "88.10A", "87.10A", "86.23Z"]),
    "I": (6.0, ["56.10A", "56.10C", "55.10Z", "56.30Z"]),
    "N": (6.0, ["81.21Z", "82.99Z", "81.30Z", "77.11A"]),
    "K": (5.0, ["64.19Z", "66.22Z", "64.20Z"]),
    "A": (4.0, ["01.11Z", "01.21Z", "01.41Z", "02.20Z"]),
    "C": (4.0, ["10.71C", "16.23Z", "25.62B", "31.09B"]),
    "J": (3.5, ["62.01Z", "62.02A", "58.11Z", "63.12Z"]),
    "H": (3.0, ["49.41A", "49.32Z", "52.29A"]),
    "P": (2.0, ["85.59A", "85.51Z", "85.20Z"]),
    "R": (1.5, ["90.01Z", "93.12Z", "93.29Z"]),
    "D": (0.3, ["35.11Z", "35.14Z"]),
    "E": (0.2, ["38.11Z", "37.00Z"]),
}
# INSEE legal categories: (category, share %, ESS?). Associations (9220) are also in the RNA.
LEGAL_CATEGORIES = [
    ("1000", 42.0, False),  # entrepreneur individuel
    ("5710", 24.0, False),  # SAS
    ("5499", 12.0, False),  # SARL
    ("6540", 8.0, False),  # SCI
    ("9220", 8.0, True),  # association déclarée
    ("5458", 1.0, True),  # SCOP / coopérative
    ("7210", 1.0, False),  # commune
    ("6532", 1.0, True),  # SCIC / société civile coopérative
    ("5599", 3.0, False),  # SA
]
# Headcount bands of establishments (share %); NN = not an employer.
HEADCOUNT_BANDS = [
    ("NN", 62.0),
    ("00", 8.0),
    ("01", 10.0),
    ("02", 7.0),
    ("03", 5.0),
    ("11", 4.0),
    ("12", 2.5),
    ("21", 1.0),
    ("22", 0.3),
    ("31", 0.1),
    ("32", 0.05),
    ("41", 0.03),
    ("42", 0.01),
    ("51", 0.01),
]
