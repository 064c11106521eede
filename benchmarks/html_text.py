"""HTML + text in one process, loading included, against Python-Markdown with one Jinja template.

Usage: python benchmarks/html_text.py [N] [ROUNDS]
       python benchmarks/html_text.py --instructions [N]

ours: a build worker (``Builder`` with formats html,txt) loading, validating
and rendering both formats of each of N generated releases, with every
cache emptied before each pass; floor: the same releases' bodies through one
reused ``markdown.Markdown`` and one small Jinja template, which is what any
Markdown-to-page tool pays at the least. The two alternate, pass by pass,
ROUNDS times; CPU time per release, medians, and the ratio per round.

CPU time on a shared machine swings by a third from run to run, so
``--instructions`` also counts what each pass executes, with valgrind's
callgrind (the same count run after run): each contender runs in its own
process, once with its warm-up only and once with the warm-up and N
releases, and the difference divided by N is its cost per release.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import machine, table
from generate import generate

from pressrelease.build import BuildOptions, Builder
from pressrelease.source import markdown as source_markdown
from pressrelease.view import plaintext


def empty_caches() -> None:
    for cache in (source_markdown.render_markdown, source_markdown.markdown_html, plaintext._convert,
                  plaintext.first_sentence):
        cache.cache_clear()


_BUILDER: list[Builder] = []


def ours(sources: list[Path]) -> float:
    """One pass: the worker (made once, like a build's) with every conversion cache emptied first."""
    empty_caches()
    if not _BUILDER:
        _BUILDER.append(Builder(BuildOptions(formats=("html", "txt"))))
    builder = _BUILDER[0]
    builder.loader = type(builder.loader)()  # a build's loader: the organisation file is read once per pass
    start = time.process_time()
    for source in sources:
        builder.render(builder.loader.load(source))
    return (time.process_time() - start) / len(sources)


_FLOOR: list[object] = []


def floor(sources: list[Path]) -> float:
    """One pass: one Markdown converter and one compiled template (made once), each body converted and shown."""
    if not _FLOOR:
        import jinja2
        import markdown
        from markdown.extensions.sane_lists import SaneListExtension

        _FLOOR.append(markdown.Markdown(extensions=[SaneListExtension()], output_format="html"))
        _FLOOR.append(jinja2.Environment(autoescape=True).from_string(
            "<!DOCTYPE html><html><head><title>{{ title }}</title></head><body><h1>{{ title }}</h1>{{ body|safe }}"
            "</body></html>"))
    converter, template = _FLOOR
    start = time.process_time()
    for source in sources:
        text = source.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        template.render(title=source.stem, body=converter.reset().convert(text))  # type: ignore[attr-defined]
    return (time.process_time() - start) / len(sources)


def instructions(contender: str, count: int) -> float:
    """Instructions per release of ``contender`` ("ours" or "floor"), counted by callgrind."""
    import re
    import subprocess

    def run(releases: int) -> int:
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
                   "--run", contender, str(count), str(releases)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        return int(re.search(r"Collected : (\d+)", done.stderr).group(1))  # type: ignore[union-attr]

    return (run(count) - run(0)) / count


def run_one(contender: str, count: int, rendered: int) -> None:
    """Inside callgrind: make the same corpus either way, warm up on 20 releases, then render ``rendered``."""
    with tempfile.TemporaryDirectory() as scratch:
        sources = generate(count + 20, Path(scratch) / "releases")
        action = ours if contender == "ours" else floor
        action(sources[count:])
        if rendered:
            action(sources[:rendered])


def main() -> None:
    if sys.argv[1:2] == ["--run"]:
        run_one(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    if sys.argv[1:2] == ["--instructions"]:
        count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
        mine, base = instructions("ours", count), instructions("floor", count)
        print(f"instructions per release: ours {mine / 1e6:.2f} M, floor {base / 1e6:.2f} M, ours / floor {mine / base:.2f}")
        return
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory() as scratch:
        sources = generate(count, Path(scratch) / "releases")
        ours(sources[:20]), floor(sources[:20])  # warm-up: imports, template compilation, locale data
        mine, base = [], []
        for round_number in range(rounds):
            for action, bucket in ((ours, mine), (floor, base))[:: 1 if round_number % 2 == 0 else -1]:
                bucket.append(action(sources))
    ratios = [a / b for a, b in zip(mine, base, strict=True)]
    print(machine())
    print(table(["pipeline", "releases", "median ms/release", "min", "max"], [
        ["pressrelease html+txt, loading included", count, f"{statistics.median(mine) * 1000:.2f}",
         f"{min(mine) * 1000:.2f}", f"{max(mine) * 1000:.2f}"],
        ["Python-Markdown + one Jinja template", count, f"{statistics.median(base) * 1000:.2f}",
         f"{min(base) * 1000:.2f}", f"{max(base) * 1000:.2f}"],
    ]))
    print(f"ours / floor: median {statistics.median(ratios):.2f} (rounds: min {min(ratios):.2f}, max {max(ratios):.2f})")


if __name__ == "__main__":
    main()
