"""Everything that can go wrong, as one exception tree and one problem record.

Callers catch :class:`PressReleaseError` for "anything this library reports on
purpose"; anything else escaping the library is a bug (the CLI exits 2 on it).
Each class also subclasses the built-in it resembles, so code that already
catches ``ValueError`` or ``OSError`` keeps working (the attrs convention)::

    PressReleaseError
    ├── SourceError (ValueError)      a release or organisation file is wrong;
    │                                 carries every Problem found in it
    ├── ModelError (ValueError)       a model built in code holds a value the
    │   │                             source format would refuse; names the field
    │   └── ModelTypeError (TypeError)  ... a value of the wrong type
    ├── RenderError                   a renderer could not produce its output;
    │   │                             carries the located Problems behind it
    │   └── ResourceError             a template or stylesheet asked for a file
    │                                 or URL it may not read
    ├── TemplateError                 a template is missing or broken
    ├── BuildError (OSError)          an output could not be written
    └── SendError                     an email could not be handed to the server

A :class:`Problem` is a single located message. Problems are values, not
exceptions, so that a whole file's worth can be collected and shown at once.
Every error above has ``.problems``: the located ones it carries, or one
unlocated problem with its message, so callers never need to ask which kind
of error they caught.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import KW_ONLY, dataclass, replace
from pathlib import Path

from .rules import UNPRINTABLE

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Literal

    Severity = Literal["error", "warning"]
else:  # at run time (typing.get_type_hints) the plain string it is
    Severity = str

__all__ = [
    "BuildError",
    "ModelError",
    "ModelTypeError",
    "PressReleaseError",
    "FormatSkipped",
    "Problem",
    "RenderError",
    "ResourceError",
    "SendError",
    "SourceError",
    "TemplateError",
    "internal_problem",
    "placed",
    "position_of",
    "printable",
]



def printable(text: str) -> str:
    """Text safe to print on one line: control, line-separator and bidi characters escaped.

    Messages quote what a source says; a quoted line break or escape sequence
    must not forge another ``path:line:col`` line, a CI workflow command or a
    terminal colour.
    """
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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


def position_of(text: str, needle: str, from_line: int = 1) -> tuple[int, int] | None:
    """(line, col), both from 1, of the first ``needle`` in ``text`` at or after ``from_line``."""
    start = 0
    for _ in range(from_line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    index = text.find(needle, start)
    if index < 0:
        return None
    return (text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1)


def placed(problems: Iterable[Problem], path: Path | None) -> list[Problem]:
    """The problems, with ``path`` given to those that could not say which file they are about."""
    return [p if p.path is not None or path is None else replace(p, path=path) for p in problems]


def internal_problem(path: Path | None, exc: BaseException) -> Problem:
    """A bug in pressrelease met while working on ``path``: reported against it, so the rest goes on.

    With ``PRESSRELEASE_DEBUG`` set, the traceback is printed to stderr as well.
    """
    if os.environ.get("PRESSRELEASE_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    return Problem(path, 0, 0, f"internal error: {type(exc).__name__}: {exc}",
                   "this is a bug in pressrelease; please report it with this release", code="internal")


class PressReleaseError(Exception):
    """Base class of every error this library raises on purpose."""

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What went wrong, as problems; an error without a location is one unlocated problem."""
        return (Problem(None, 0, 0, str(self)),)


class _WithProblems(PressReleaseError):
    def __init__(self, problems: Iterable[Problem], summary: str = "") -> None:
        self._problems: tuple[Problem, ...] = tuple(problems)
        if not self._problems:
            raise ValueError("an error with problems needs at least one problem")
        super().__init__(summary or "\n".join(str(p) for p in self._problems))

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


class SourceError(_WithProblems, ValueError):
    """A release source or organisation file has one or more problems."""


class ModelError(PressReleaseError, ValueError):
    """A model (``Release``, ``Contact``...) was given a value the source format would refuse.

    ``model`` and ``field`` name where ("Contact", "phones[0]"); the loader
    turns one into a problem at that field's line.
    """

    def __init__(self, model: str, field: str, message: str) -> None:
        self.model, self.field = model, field
        super().__init__(f"{model}.{field} {message}")


class ModelTypeError(ModelError, TypeError):
    """A model was given a value of the wrong type (a datetime for a date, a number for a text)."""


class RenderError(_WithProblems):
    """A renderer failed; the problems say where in the source and why."""


class ResourceError(RenderError):
    """A renderer was asked to read a file or URL that it may not read."""


class FormatSkipped(RenderError):
    """A format makes nothing for this release, for a reason that must not stop its other formats.

    The email of a release with no sender, or the calendar file of a release
    with no event. A build writes the release's other formats and reports
    ``warnings`` (none: nothing to say); the one-call API and ``send``, which
    asked for that format, get the error and its ``problems``.
    """

    def __init__(self, problems: Iterable[Problem] = (), warnings: Iterable[Problem] = ()) -> None:
        self._problems = tuple(problems)
        self.warnings = tuple(warnings)
        PressReleaseError.__init__(self, "\n".join(str(p) for p in self._problems) or "skipped for this release")


class TemplateError(PressReleaseError):
    """A template is missing, does not parse, or failed while rendering."""

    def __init__(self, message: str, template: str | None = None, line: int = 0) -> None:
        self.template = template
        self.line = line
        super().__init__(message)

    def as_problem(self) -> Problem:
        path = Path(self.template) if self.template else None
        return Problem(path, self.line, 1 if self.line else 0, str(self), code="template")

    @property
    def problems(self) -> tuple[Problem, ...]:
        return (self.as_problem(),)


class BuildError(PressReleaseError, OSError):
    """An output file could not be written."""


class SendError(PressReleaseError):
    """A message could not be handed to the mail server."""
