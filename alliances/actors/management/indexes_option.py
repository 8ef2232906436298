"""The `--directory-indexes` option of the register imports (see imports.DIRECTORY_INDEXES)."""

from alliances.core.commands import add_deprecated_option

# The French values of release 0.1 ("apres", "pendant") still work.
_CHOICES = {"auto": None, "after": True, "during": False, "apres": True, "pendant": False}


def add_indexes_option(parser) -> None:
    parser.add_argument(
        "--directory-indexes",
        choices=list(_CHOICES),
        default="auto",
        dest="directory_indexes",
        help="construire les index de liste de l'annuaire après l'import (« after », plus rapide pour un "
        "premier import national), pendant (« during »), ou selon la taille du fichier (« auto », défaut)",
    )
    add_deprecated_option(parser, "--index-annuaire", new="--directory-indexes")


def defer_indexes(options: dict) -> bool | None:
    return _CHOICES[options["directory_indexes"]]
