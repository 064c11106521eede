"""``pressrelease init``: start a newsroom; ask for what the options leave out when a person is typing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from ...errors import PressReleaseError
from ..reporting import relative

NAME = "init"
HELP = "start a newsroom: an organisation file, a first release, a .gitignore and a CI workflow"

#: The option of each answer, and its help.
OPTIONS = {
    "name": "the organisation's name (required; asked for on a terminal)",
    "website": "its website, e.g. https://www.example.org",
    "city": "the city datelines name, e.g. Geneva",
    "language": "the releases' language, a BCP 47 tag such as en, en-GB or fr (default: en)",
    "timezone": "an IANA time zone, e.g. Europe/Zurich (default: this machine's, else UTC)",
    "email": "the press office's email address, the From of emailed releases",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", type=Path, default=Path("."), metavar="DIR",
                        help="the newsroom's folder (default: this one); created if missing")
    for field, help_text in OPTIONS.items():
        parser.add_argument(f"--{field}", default=None, help=help_text)


def _defaults() -> dict[str, str]:
    from ...source.newsroom import machine_time_zone

    return {"name": "", "website": "", "city": "", "language": "en", "timezone": machine_time_zone(), "email": ""}


def _ask(field: str, default: str, stdin: TextIO, out: TextIO) -> str:
    """Ask until the answer passes the rules (Enter takes the default)."""
    from ...source.newsroom import FIELDS, value_problem

    question, optional = FIELDS[field]
    shown = f" [{default}]" if default else (" (optional)" if optional else "")
    while True:
        print(f"{question}{shown}: ", end="", file=out, flush=True)
        line = stdin.readline()
        if not line:
            print(file=out)
            raise PressReleaseError("init stopped: no answer (end of input), nothing was written")
        answer = line.strip() or default
        why, hint = value_problem(field, answer)
        if not why:
            return answer
        print(f"  {question.lower()} {why} ({hint})", file=out)


def answers(options: dict[str, str | None], stdin: TextIO | None, out: TextIO) -> dict[str, str]:
    """The value of each field: the option, else (on a terminal) the answer to a question, else the default."""
    from ...source.newsroom import value_problem

    values = {field: value.strip() for field, value in options.items() if value is not None}
    for field, value in values.items():
        why, hint = value_problem(field, value)
        if why:
            raise PressReleaseError(f"--{field} {value!r} {why} ({hint})")
    defaults = _defaults()
    interactive = stdin is not None and stdin.isatty()
    if not interactive and "name" not in values:
        raise PressReleaseError("init needs --name when it cannot ask (stdin is not a terminal): "
                                "pressrelease init --name \"Example Org\"")
    for field in defaults:
        if field not in values:
            values[field] = _ask(field, defaults[field], stdin, out) if interactive else defaults[field]
    return values


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ...source.newsroom import Newsroom, write_newsroom

    values = answers({field: getattr(args, field) for field in OPTIONS}, sys.stdin, out)
    written = write_newsroom(args.dir, Newsroom(**values))
    for path in written:
        print(f"wrote {relative(path)}", file=out)
    if not values["email"]:
        print("note: no press email given; until releases/organisation.yaml has one (`email:`, and the contact's), "
              "releases are not emailed and `pressrelease check --strict`, which the CI workflow runs, fails",
              file=out)
    where = "" if args.dir.resolve() == Path.cwd().resolve() else f"cd {relative(args.dir)}, then "
    print(f"next: {where}edit releases/organisation.yaml and the release, then run "
          "`pressrelease check` and `pressrelease build`", file=out)
    return 0
