"""Old name of `refresh_observatory` (deprecated: removed in the next release)."""

from alliances.core.commands import deprecated_command
from alliances.observatory.management.commands.refresh_observatory import Command as _Command

Command = deprecated_command(_Command, old="refresh_observatoire", new="refresh_observatory")
