#!/usr/bin/env python
"""Django's command-line utility; `alliances` (installed by `make`) is the same thing."""

from config.cli import main

if __name__ == "__main__":
    main()
