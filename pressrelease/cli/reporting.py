"""How problems and progress reach a person, a CI log, or another program.

Problems are printed as ``path:line:col: severity: message (hint)`` lines on
stderr; ``--format-errors json`` prints them instead as one JSON document on
stdout; under GitHub Actions (``GITHUB_ACTIONS=true``) each also becomes a
workflow command (``::error file=…,line=…,col=…::message``) on stdout, which
GitHub shows as an annotation on the pull request's diff.

Progress: on a terminal, a rich progress bar (count, rate, time left) on
stderr; otherwise one plain line per finished release on stdout.
"""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

from ..errors import Problem, printable

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Sequence, TextIO
    from ..build import Outcome

__all__ = ["ProgressReporter", "github_annotation", "print_problems", "relative"]

ERROR_FORMATS = ("text", "json", "github")


def relative(path: Path | None) -> Path | None:
    """A path relative to the working directory, when that is shorter to read."""
    if path is None:
        return None
    try:
        shown = Path(os.path.relpath(path))
    except ValueError:
        return path
    return path if str(shown).startswith(os.pardir + os.sep + os.pardir) else shown


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that annotates the problem's line."""
    level = "error" if problem.severity == "error" else "warning"
    properties = []
    if problem.path is not None:
        properties.append(f"file={_escape_property(str(relative(problem.path)))}")
        if problem.line:
            properties.append(f"line={problem.line}")
        if problem.col:
            properties.append(f"col={problem.col}")
    properties.append(f"title={_escape_property('pressrelease ' + (problem.code or level))}")
    message = printable(problem.message + (f" ({problem.hint})" if problem.hint else ""))
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"


def print_problems(problems: Sequence[Problem], err: TextIO, out: TextIO, fmt: str = "text") -> None:
    """Print problems, sorted and de-duplicated, in the requested format."""
    ordered = sorted(dict.fromkeys(problems), key=Problem.sort_key)
    if fmt == "json":
        import json

        payload = [
            {"path": str(relative(p.path)) if p.path else None, "line": p.line, "col": p.col,
             "severity": p.severity, "code": p.code, "message": p.message, "hint": p.hint}
            for p in ordered
        ]
        print(json.dumps({"problems": payload}, ensure_ascii=False, indent=1), file=out)
        return
    for problem in ordered:
        print(str(dataclasses.replace(problem, path=relative(problem.path))), file=err)
    if fmt == "github" or os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in ordered:
            print(github_annotation(problem), file=out)


def _size(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return "?"
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


class ProgressReporter:
    """Shows build progress: a bar on a terminal, a line per release otherwise."""

    def __init__(self, out: TextIO, err: TextIO, *, quiet: bool = False) -> None:
        self.out = out
        self.err = err
        self.quiet = quiet
        self.started = time.perf_counter()
        self._bar = None

    def begin(self, total: int) -> None:
        """Called by the build once it knows how many releases there are."""
        self.started = time.perf_counter()
        if not self.quiet and total > 1 and self.err.isatty() and os.environ.get("TERM") != "dumb":
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                       TimeRemainingColumn)

            self._bar = Progress(
                TextColumn("building"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:>6.1f}/s"), TimeElapsedColumn(), TextColumn("left"),
                TimeRemainingColumn(), console=Console(file=self.err), transient=True,
            )
            self._task = self._bar.add_task("build", total=total, rate=0.0)
            self._bar.start()

    def __call__(self, outcome: Outcome) -> None:
        if self._bar is not None:
            elapsed = max(time.perf_counter() - self.started, 1e-6)
            done = self._bar.tasks[0].completed + 1
            self._bar.update(self._task, advance=1, rate=done / elapsed)
            return
        if self.quiet or outcome.unchanged:
            return
        source = printable(str(relative(outcome.source)))  # a file name must not forge a line or an annotation
        if outcome.ok:
            names = ", ".join(f"{printable(str(relative(p)))} ({_size(p)})" for p in outcome.outputs)
            print(f"built {source} -> {names or 'no files (the formats asked for have nothing for it)'}",
                  file=self.out, flush=True)
        else:
            print(f"failed {source}", file=self.out, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
