"""Time to load and render as text a body of N links, ten to a paragraph: the growth should be linear.

    PYTHONPATH=. python benchmarks/linear.py [N ...]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pressrelease

from _common import machine, table, timed

ORGANISATION = "name: Example\ncity: Geneva\nlanguage: en\nboilerplate: About us.\n"
FRONT = "---\nheadline: Links\ndateline:\n  city: Geneva\n  date: 2016-02-19\n---\n"


def main(counts: list[int]) -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "organisation.yaml").write_text(ORGANISATION, encoding="utf-8")
        for count in counts:
            path = Path(folder) / f"links-{count}.md"
            body = "".join(f"[{i}](/{i})" + ("\n\n" if i % 10 == 9 else "\n") for i in range(count))
            path.write_text(FRONT + body, encoding="utf-8")
            loaded: list[pressrelease.Release] = []
            load = timed(lambda path=path, loaded=loaded: loaded.append(pressrelease.load(path)))
            text = timed(lambda loaded=loaded: pressrelease.render_text(loaded[0]))
            rows.append((count, f"{len(body) / 1e6:.2f} MB", f"{load:.2f} s", f"{text:.2f} s",
                         f"{(load + text) / count * 1e6:.0f} µs"))
    print(machine())
    print(table(["links", "body", "load", "render_text", "per link"], rows))


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 10_000, 100_000])
