"""What Jinja's sandbox costs: the HTML and text of N releases, sandboxed theme against a plain Environment.

Usage: python benchmarks/sandbox.py [N] [ROUNDS]

sandboxed: the theme as it ships (``ImmutableSandboxedEnvironment`` and the
contained loader); plain: the same theme with a plain ``jinja2.Environment``
set up the same way (the same search path, autoescaping, undefined, filters,
whitespace settings) swapped in. Both render the HTML and the text of the
same N generated releases, from views worked out once beforehand (so what
is measured is the templates, not the Markdown), and must give the same
bytes. The two alternate, pass by pass, ROUNDS times; CPU time per release,
medians, and the ratio per round.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import machine, table
from generate import generate

from pressrelease.formats.session import RenderSession
from pressrelease.source import Loader
from pressrelease.theme import Theme
from pressrelease.view import ReleaseView

FORMATS = ("html", "txt")


def plain_environment(theme: Theme) -> Any:
    """The theme's environment, unsandboxed: what rendering cost before the sandbox."""
    import jinja2

    from pressrelease.theme.filters import FILTERS

    sandboxed = theme.env
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader([
            jinja2.FileSystemLoader([str(d) for d in theme.dirs]),
            jinja2.PrefixLoader({"builtin": jinja2.FileSystemLoader(str(theme.builtin))}),
        ]),
        autoescape=sandboxed.autoescape,
        undefined=sandboxed.undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=theme.auto_reload,
    )
    env.filters.update(FILTERS)
    return env


def sessions() -> tuple[RenderSession, RenderSession]:
    sandboxed, plain = RenderSession(), RenderSession()
    plain.theme._env = plain_environment(plain.theme)
    assert type(sandboxed.theme.env).__name__ == "Sandbox" and type(plain.theme.env).__name__ == "Environment"
    return sandboxed, plain


def one_pass(session: RenderSession, views: list[ReleaseView]) -> float:
    start = time.process_time()
    for view in views:
        session.job(view, FORMATS)
    return (time.process_time() - start) / len(views)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    with tempfile.TemporaryDirectory() as scratch:
        loader = Loader()
        views = [ReleaseView(loader.load(source)) for source in generate(count, Path(scratch) / "releases")]
        sandboxed, plain = sessions()
        for view in views:  # warm-up: templates compiled, every view's values worked out; the same bytes
            assert sandboxed.job(view, FORMATS).outputs == plain.job(view, FORMATS).outputs
        timings: dict[str, list[float]] = {"sandboxed": [], "plain": []}
        for round_number in range(rounds):
            order = (("sandboxed", sandboxed), ("plain", plain))
            for name, session in order[:: 1 if round_number % 2 == 0 else -1]:
                timings[name].append(one_pass(session, views))
    ratios = [a / b for a, b in zip(timings["sandboxed"], timings["plain"], strict=True)]
    print(machine())
    print(table(["environment", "releases", "median ms/release", "min", "max"], [
        [name, count, f"{statistics.median(values) * 1000:.3f}", f"{min(values) * 1000:.3f}",
         f"{max(values) * 1000:.3f}"] for name, values in timings.items()
    ]))
    print(f"sandboxed / plain (html+txt): median {statistics.median(ratios):.3f} "
          f"(rounds: min {min(ratios):.3f}, max {max(ratios):.3f})")


if __name__ == "__main__":
    main()
