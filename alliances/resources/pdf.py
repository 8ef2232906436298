"""WeasyPrint helpers: its progress log ("Step 1 - Fetching…") is noise in production logs."""

import logging


def quiet_weasyprint() -> None:
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
