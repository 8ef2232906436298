"""Project configuration: settings, URLs, WSGI/ASGI and the `alliances` command."""
