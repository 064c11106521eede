"""The site's search index: Pagefind's bundled binary over N generated release pages.

Usage: python benchmarks/site_search.py [PAGES] [ROUNDS]   (defaults: 1000 pages, 3 rounds)

Each page is a release page of about 250 words in one of five languages
(en, fr, ar, km, ja, in turn), its body marked ``data-pagefind-body``, with
one listing page per 20 releases beside them (not indexed). The time is
``build.search.index_site``'s whole run: the binary, its bundle in a
temporary folder, the entry file rewritten; then reading the bundle as the
writer would.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import machine

from pressrelease.build.search import index_site

TEXTS = {"en": "The ministry announces plant number {i} near the harbour, with water for {i} homes.",
         "fr": "Le ministère annonce l'usine numéro {i} près du port, pour {i} foyers.",
         "ar": "أعلنت الوزارة عن المحطة رقم {i} قرب الميناء لتزويد {i} منزل بالمياه.",
         "km": "ក្រសួងបានប្រកាសអំពីរោងចក្រលេខ {i} នៅជិតកំពង់ផែ។",
         "ja": "省は港の近くに第{i}工場を建設すると発表しました。"}


def generate(site: Path, count: int) -> None:
    languages = list(TEXTS)
    for i in range(count):
        lang = languages[i % len(languages)]
        body = " ".join([TEXTS[lang].format(i=i)] * 20)
        page = site / "releases" / f"release-{i:05d}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>Release {i}</title>'
                        f'</head><body><nav>Home</nav><article data-pagefind-body><h1>Release {i}</h1><p>{body}</p>'
                        f'</article><footer>Footer</footer></body></html>', encoding="utf-8")
    for number in range(1, count // 20 + 1):
        page = site / ("" if number == 1 else f"page/{number}") / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text('<!DOCTYPE html><html lang="en"><body><h1>Newsroom</h1></body></html>', encoding="utf-8")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    print(machine())
    with tempfile.TemporaryDirectory() as temporary:
        site = Path(temporary) / "dist" / "site"
        generate(site, count)
        times, reads = [], []
        for _ in range(rounds):
            start = time.perf_counter()
            with index_site(site, site.parent) as bundle:
                times.append(time.perf_counter() - start)
                start = time.perf_counter()
                data = bundle.read()
                reads.append(time.perf_counter() - start)
        size = sum(map(len, data.values()))
        print(f"{count} pages, {len(data)} files, {size / 1e6:.2f} MB, languages {bundle.languages}")
        print(f"index_site: median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f});"
              f" reading the bundle: median {statistics.median(reads) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
