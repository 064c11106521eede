"""Everything that can go wrong, as one exception tree and one problem record.

Callers catch :class:`PressReleaseError` for "anything this library reports on
purpose"; anything else escaping the library is a bug (the CLI exits 2 on it).
Each class also subclasses the built-in it resembles, so code that already
catches ``ValueError`` or ``OSError`` keeps working (the attrs convention)::

    PressReleaseError
    ├── SourceError (ValueError)      a release or organisation file is wrong;
    │                                 carries every Problem found in it
    ├── RenderError                   a renderer could not produce its output;
    │   │                             carries the located Problems behind it
    │   └── ResourceError             a template or stylesheet asked for a file
    │                                 or URL it may not read
    ├── TemplateError                 a template is missing or broken
    ├── BuildError (OSError)          an output could not be written
    └── SendError                     an email could not be handed to the server

A :class:`Problem` is a single located message. Problems are values, not
exceptions, so that a whole file's worth can be collected and shown at once.
"""

from __future__ import annotations

import re
from dataclasses import KW_ONLY, dataclass
from pathlib import Path
from typing import Iterable, Literal

__all__ = [
    "BuildError",
    "PressReleaseError",
    "Problem",
    "RenderError",
    "ResourceError",
    "SendError",
    "SourceError",
    "TemplateError",
    "printable",
]

Severity = Literal["error", "warning"]


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to print on one line: control, line-separator and bidi characters escaped.

    Messages quote what a source says; a quoted line break or escape sequence
    must not forge another ``path:line:col`` line, a CI workflow command or a
    terminal colour.
    """
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, pointing at where it is.

    ``line`` and ``col`` are 1-based, as editors and compilers show them;
    0 means "the whole file" (for example, a file that cannot be read).
    """

    path: Path | None
    line: int
    col: int
    message: str
    hint: str = ""
    _: KW_ONLY
    severity: Severity = "error"
    code: str = ""

    def __str__(self) -> str:
        where = printable(str(self.path)) if self.path is not None else "<string>"
        text = f"{where}:{self.line}:{self.col}: {self.severity}: {printable(self.message)}"
        return f"{text} ({printable(self.hint)})" if self.hint else text

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.path or ""), self.line, self.col, self.message)


class PressReleaseError(Exception):
    """Base class of every error this library raises on purpose."""


class _WithProblems(PressReleaseError):
    def __init__(self, problems: Iterable[Problem], summary: str = "") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("an error with problems needs at least one problem")
        super().__init__(summary or "\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


class SourceError(_WithProblems, ValueError):
    """A release source or organisation file has one or more problems."""


class RenderError(_WithProblems):
    """A renderer failed; the problems say where in the source and why."""


class ResourceError(RenderError):
    """A renderer was asked to read a file or URL that it may not read."""


class TemplateError(PressReleaseError):
    """A template is missing, does not parse, or failed while rendering."""

    def __init__(self, message: str, template: str | None = None, line: int = 0) -> None:
        self.template = template
        self.line = line
        super().__init__(message)

    def as_problem(self) -> Problem:
        path = Path(self.template) if self.template else None
        return Problem(path, self.line, 1 if self.line else 0, str(self), code="template")


class BuildError(PressReleaseError, OSError):
    """An output file could not be written."""


class SendError(PressReleaseError):
    """A message could not be handed to the mail server."""
