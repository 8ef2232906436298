"""Old name of `import_indicators` (deprecated: removed in the next release)."""

from alliances.core.commands import deprecated_command
from alliances.indicators.management.commands.import_indicators import Command as _Command

Command = deprecated_command(_Command, old="import_indicateurs", new="import_indicators")
