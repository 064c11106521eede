"""The ``pressrelease`` command: parse the arguments, run one command, turn what went wrong into an exit status.

Exit status: 0 when everything worked, 1 when an input has problems (each
printed as ``path:line:col: error: message (hint)``), 2 for a usage error or
a crash in our own code (a short message; PRESSRELEASE_DEBUG=1 shows the
traceback). Each command lives in its own module under :mod:`.commands`.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import PressReleaseError, RenderError, SourceError
from ..version import __version__
from . import commands
from .reporting import print_problems

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Sequence, TextIO

__all__ = ["main", "parser"]


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or only of ``command`` (all a run needs, and quicker to make)."""
    top = argparse.ArgumentParser(
        prog="pressrelease",
        description="Write a press release once; publish it as a web page, a PDF, a text and an email.",
    )
    top.add_argument("--version", action="version", version=f"pressrelease {__version__}")
    subparsers = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in commands.COMMANDS.items():
        if command is None or name == command:
            commands.load(name).add_arguments(subparsers.add_parser(name, help=help_text))
    return top


def _command_in(argv: Sequence[str]) -> str | None:
    """The command named on the command line (its first word that is not an option), if it is one."""
    word = next((arg for arg in argv if not arg.startswith("-")), None)
    return word if word in commands.COMMANDS else None


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser(_command_in(argv)).parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return commands.load(args.command).run(args, out, err)
    except PressReleaseError as exc:
        if isinstance(exc, (SourceError, RenderError)):  # errors that carry located problems
            print_problems(exc.problems, err, out)
        else:
            print(f"pressrelease: error: {exc}", file=err)
        return 1
    except KeyboardInterrupt:
        print("pressrelease: interrupted", file=err)
        return 130
    except Exception as exc:  # a bug in pressrelease: short message, not a traceback
        if os.environ.get("PRESSRELEASE_DEBUG"):
            import traceback

            traceback.print_exc(file=err)
        print(f"pressrelease: internal error: {type(exc).__name__}: {exc}", file=err)
        print("This is a bug in pressrelease; set PRESSRELEASE_DEBUG=1 to see the traceback.", file=err)
        return 2
