"""Line breaks for Khmer: icu4py against PyICU, and what the breaks cost a PDF.

Usage: python benchmarks/segment.py [ROUNDS]

1. The same ICU line breaker through two bindings: icu4py (the dependency:
   wheels with ICU inside) and PyICU (built from source against the
   system's libicu; measured only when it is installed). Both break the
   Khmer corpus releases' text; the breaks must be identical, and the times
   are compared side by side, the contenders alternating round by round.
2. The PDF of the two Khmer corpus releases with the word breaks and
   without (the breaks switched off for the second contender), alternating.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from _common import machine

import pressrelease
from pressrelease.formats.pdf import renderer as pdf_renderer

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
KHMER = [CORPUS / name / "release.md" for name in ("cdc-usaid-financing-2020", "unicef-cambodia-crc30-2019")]


def _timed(function, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def bindings(rounds: int) -> None:
    from icu4py.breakers import LineBreaker

    text = "\n".join(path.read_text(encoding="utf-8").split("---", 2)[2] for path in KHMER) * 20
    try:
        import icu
    except ImportError:
        print(f"icu4py: {len(list(LineBreaker(text, 'km')))} pieces of {len(text)} characters; PyICU not installed")
        return
    iterator = icu.BreakIterator.createLineInstance(icu.Locale("km"))

    def pyicu(text: str) -> list[str]:
        iterator.setText(text)
        pieces, start = [], 0
        for end in iterator:
            pieces.append(text[start:end])
            start = end
        return pieces

    assert list(LineBreaker(text, "km")) == pyicu(text), "the two bindings break differently"
    one, two = [], []
    for index in range(rounds):
        pair = [("icu4py", lambda: list(LineBreaker(text, "km"))), ("PyICU", lambda: pyicu(text))]
        for name, run in pair if index % 2 == 0 else reversed(pair):
            (one if name == "icu4py" else two).append(_timed(run))
    a, b = statistics.median(one), statistics.median(two)
    print(f"{len(text)} characters of Khmer, {rounds} rounds: icu4py {a * 1e3:.2f} ms, PyICU {b * 1e3:.2f} ms, "
          f"ratio icu4py/PyICU {a / b:.2f}; identical breaks")


def pdf_cost(rounds: int) -> None:
    releases = [pressrelease.load(path) for path in KHMER]
    original = pdf_renderer.with_word_breaks
    with_breaks, without = [], []
    for index in range(rounds):
        for breaks in ((True, False) if index % 2 == 0 else (False, True)):
            pdf_renderer.with_word_breaks = original if breaks else (lambda html: html)
            (with_breaks if breaks else without).append(
                sum(_timed(pressrelease.render_pdf, release) for release in releases))
    pdf_renderer.with_word_breaks = original
    a, b = statistics.median(with_breaks), statistics.median(without)
    print(f"PDF of {len(releases)} Khmer releases, {rounds} rounds: with word breaks {a * 1e3:.1f} ms, without "
          f"{b * 1e3:.1f} ms, ratio {a / b:.3f}")


if __name__ == "__main__":
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(machine())
    bindings(rounds * 10)
    pdf_cost(rounds)
