"""Old names of management commands and options, kept for one release with a warning.

Commands and options are English snake_case / kebab-case (French terms of art such as `commune`
or `departement` stay); the French spellings of release 0.1 still work until the next one.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.core.management.base import BaseCommand


def deprecated_command(command: type[BaseCommand], *, old: str, new: str) -> type[BaseCommand]:
    """A command named `old` that warns, then runs `new` (the same options)."""

    class Deprecated(command):  # type: ignore[valid-type, misc]  # a subclass of the class given
        help = f"Ancien nom de « {new} » (obsolète, retiré à la prochaine version). {command.help}"

        def handle(self, *args: Any, **options: Any) -> str | None:
            self.stderr.write(f"« {old} » est obsolète : utilisez « {new} » (même options).")
            return super().handle(*args, **options)

    Deprecated.__name__ = Deprecated.__qualname__ = "Command"
    return Deprecated


class _DeprecatedOption(argparse.Action):
    def __init__(self, option_strings: list[str], dest: str, *, new: str, **kwargs: Any) -> None:
        self.new = new
        super().__init__(option_strings, dest, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        sys.stderr.write(f"{option_string} est obsolète : utilisez {self.new}.\n")
        setattr(namespace, self.dest, self.const if self.nargs == 0 else values)


def add_deprecated_option(parser: argparse.ArgumentParser, old: str, *, new: str) -> None:
    """Accept `old` as a hidden, warned spelling of the option `new` (already added to `parser`)."""
    action = next(a for a in parser._actions if new in a.option_strings)
    kwargs: dict[str, Any] = {"nargs": 0, "const": action.const}  # store_true / store_const
    if action.nargs != 0:
        kwargs = {"nargs": action.nargs, "choices": action.choices}
        if action.type is not None:
            kwargs["type"] = action.type
    parser.add_argument(
        old,
        action=_DeprecatedOption,
        new=new,
        dest=action.dest,
        default=argparse.SUPPRESS,
        help=argparse.SUPPRESS,
        **kwargs,
    )
