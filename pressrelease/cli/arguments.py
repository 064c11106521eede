"""Argument types and options shared by several commands."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .reporting import ERROR_FORMATS

__all__ = ["DEFAULT_SOURCE", "add_error_format", "default_jobs", "formats", "jobs", "moment", "plural", "port", "rules",
           "seconds", "site_url", "templates"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt

#: Where releases are looked for when no path is given.
DEFAULT_SOURCE = Path("releases")


def formats(value: str) -> tuple[str, ...]:
    """``--format html,pdf``: registered format names, in the order given, without repeats."""
    from ..formats import FORMATS

    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown) or value!r}; choose from {','.join(FORMATS)}")
    return names


def rules(value: str) -> frozenset[str]:
    """``--disable a,b``: lint rule ids."""
    from ..model import LINT_RULES

    names = frozenset(part.strip() for part in value.split(",") if part.strip())
    unknown = sorted(names - set(LINT_RULES))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown rule {', '.join(unknown)}; rules: {', '.join(LINT_RULES)}")
    return names


def jobs(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        raise argparse.ArgumentTypeError("-j takes a whole number of processes, 1 or more")
    return int(value)


def port(value: str) -> int:
    """``--port``: a TCP port, 0 (any free one) to 65535."""
    if not (value.isascii() and value.isdigit()) or int(value) > 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port (0 to 65535)")
    return int(value)


def site_url(value: str) -> str:
    """``--site-url``: the absolute http(s) address the site is published at."""
    from ..model import ModelError, Site

    try:
        return Site(url=value).url
    except ModelError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a web address such as https://www.example.org/news/") from None


def moment(value: str) -> dt.datetime:
    """``--now``: an ISO 8601 date and time with its zone offset (2016-02-19T10:00+01:00, or Z)."""
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        when = None
    if when is None or when.utcoffset() is None or "T" not in value.upper():
        raise argparse.ArgumentTypeError(f"{value!r} is not a date and time with a zone, such as "
                                         "2016-02-19T10:00+01:00 or 2016-02-19T09:00Z")
    return when


def seconds(value: str) -> float:
    """A duration (``--timeout 120``, ``--idle-timeout 2.5``): more than 0, at most a day."""
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not 0 < number <= 86400:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds (more than 0, at most 86400)")
    return number


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def add_error_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format-errors", choices=ERROR_FORMATS, default="text", dest="error_format",
                        help="text lines on stderr (default), json on stdout, or github annotations")


def templates(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--templates", "-t", action="append", type=Path, default=[], metavar="DIR",
                        help="folder of templates overriding the built-in ones (repeatable)")


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"
