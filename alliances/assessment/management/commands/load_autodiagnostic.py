"""Old name of `load_assessment` (deprecated: removed in the next release)."""

from alliances.assessment.management.commands.load_assessment import Command as _Command
from alliances.core.commands import deprecated_command

Command = deprecated_command(_Command, old="load_autodiagnostic", new="load_assessment")
