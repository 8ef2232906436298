"""Load the registers into the directory: RNA (associations) and SIRENE (companies, establishments).

Every import is an idempotent upsert by register id, committed one batch at a time (an
interrupted import leaves whole batches and is resumed by running it again), writes only
register fields (never what members declared), and reports each rejected or doubtful line
with its line number in a rejects file (a line the CSV reader cannot accept too: see
alliances.core.csvfiles).

- `common`: batch size, summary, rejects file, fingerprints, search tags, deferred indexes;
- `sql`: SQLite settings of a big import and the raw statements rows are written with;
- `rna`, `sirene`, `nomenclature`: one import each.
"""

from alliances.actors.imports.common import (
    DEFAULT_BATCH,
    DIRECTORY_INDEXES,
    ImportAbortedError,
    ImportSummary,
    RejectsWriter,
)
from alliances.actors.imports.nomenclature import rna_nomenclature_import
from alliances.actors.imports.rna import RNA_COLUMNS, RnaImporter, rna_import
from alliances.actors.imports.sirene import ESTABLISHMENT_COLUMNS, SIRENE_COLUMNS, SireneImporter, sirene_import

__all__ = [
    "DEFAULT_BATCH",
    "DIRECTORY_INDEXES",
    "ESTABLISHMENT_COLUMNS",
    "RNA_COLUMNS",
    "SIRENE_COLUMNS",
    "ImportAbortedError",
    "ImportSummary",
    "RejectsWriter",
    "RnaImporter",
    "SireneImporter",
    "rna_import",
    "rna_nomenclature_import",
    "sirene_import",
]
