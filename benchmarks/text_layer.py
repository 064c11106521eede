"""The PDF's text layer in Arabic and Khmer: what readers give back, and what the replacement text costs.

Usage: python benchmarks/text_layer.py [ROUNDS]     (from the repository's root; needs pdftotext)

1. For each Arabic and Khmer corpus release, the share of its body's words
   (split at spaces, punctuation and Markdown left out) that pdftotext and
   pypdf give back whole, with the replacement text (/ActualText, see
   pressrelease/formats/pdf/actualtext.py) and without it. A Khmer word is
   looked for in the text without its white space, since a PDF line may
   break inside a run of Khmer words.
2. The time to render the two Khmer PDFs with and without it, side by side,
   the two alternating round by round; the ratio of the medians.
"""

from __future__ import annotations

import contextlib
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

import pressrelease
import pressrelease.formats.pdf.renderer as renderer

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
ARABIC = ["unicef-yemen-truce-2022", "unicef-mena-aljawf-2020"]
KHMER = ["cdc-usaid-financing-2020", "unicef-cambodia-crc30-2019"]


def words(text: str) -> list[str]:
    text = re.sub(r"\]\([^)]*\)", " ", text)  # a Markdown link's address
    found = ("".join(c for c in word if unicodedata.category(c)[0] in "LM") for word in text.split())
    return [word for word in found if word]


@contextlib.contextmanager
def without_replacement_text():
    kept = renderer.replacement_text
    renderer.replacement_text = lambda **_: contextlib.nullcontext()
    try:
        yield
    finally:
        renderer.replacement_text = kept


def render(name: str, replacement: bool) -> bytes:
    release = pressrelease.load(CORPUS / name / "release.md")
    with contextlib.nullcontext() if replacement else without_replacement_text():
        return pressrelease.render_pdf(release)


def share(name: str, pdf: bytes) -> list[str]:
    release = pressrelease.load(CORPUS / name / "release.md")
    body = words(release.body)
    texts = (subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode(),
             "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages))
    cells = []
    for text in texts:
        if name in KHMER:
            flat = "".join(words(text))
            found = sum(word in flat for word in body)
        else:
            tokens = set(words(text))
            found = sum(word in tokens for word in body)
        cells.append(f"{found}/{len(body)} ({found / len(body):.1%})")
    return cells


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    print("| release | replacement text | words, pdftotext | words, pypdf |")
    print("|---|---|---|---|")
    for name in ARABIC + KHMER:
        for replacement in (False, True):
            print(f"| {name} | {'with' if replacement else 'without'} | " + " | ".join(
                share(name, render(name, replacement))) + " |")
    times: dict[bool, list[float]] = {True: [], False: []}
    for name in KHMER:  # warm the caches
        render(name, True), render(name, False)
    for _ in range(rounds):
        for replacement in (True, False):
            start = time.perf_counter()
            for name in KHMER:
                render(name, replacement)
            times[replacement].append(time.perf_counter() - start)
    with_, without = statistics.median(times[True]), statistics.median(times[False])
    print(f"\nthe two Khmer PDFs, median of {rounds} rounds: with {with_ * 1000:.1f} ms, "
          f"without {without * 1000:.1f} ms, ratio {with_ / without:.3f}")


if __name__ == "__main__":
    main()
