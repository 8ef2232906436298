"""Old name of `import_postal_codes` (deprecated: removed in the next release)."""

from alliances.core.commands import deprecated_command
from alliances.indicators.management.commands.import_postal_codes import Command as _Command

Command = deprecated_command(_Command, old="import_codes_postaux", new="import_postal_codes")
