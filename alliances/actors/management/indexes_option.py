"""The `--index-annuaire` option of the register imports (see imports.DIRECTORY_INDEXES)."""

_CHOICES = {"auto": None, "apres": True, "pendant": False}


def add_indexes_option(parser) -> None:
    parser.add_argument(
        "--index-annuaire",
        choices=list(_CHOICES),
        default="auto",
        dest="directory_indexes",
        help="construire les index de liste de l'annuaire après l'import (« apres », plus rapide pour un "
        "premier import national), pendant, ou selon la taille du fichier (« auto », défaut)",
    )


def defer_indexes(options: dict) -> bool | None:
    return _CHOICES[options["directory_indexes"]]
