"""The newsroom site of N releases: a full build against HTML alone, a no-op rebuild, one release added.

Usage: python benchmarks/site.py [N] [ROUNDS] [--keep DIR]   (defaults: 1000 releases, 5 rounds)

The corpus is ``generate.py``'s (tags, half with the photo, a quarter under
embargo) with a ``site:`` in the organisation file and a fifth of the
releases in French or Spanish (their own text); the build's moment
(``--now``) is fixed, so a few embargoes are still in force (those releases
are held back) and the news sitemap lists the same releases every run.

Each round, from the command line (start-up included), alternating which
goes first:
  (a) ``build SRC -o OUT -f html,site -j 2`` into a new folder,
  (b) ``build SRC -o OUT -f html -j 2`` into a new folder;
then, on the site (a) built:
  (c) a no-op rebuild (nothing changed),
  (d) a rebuild after adding one release (a new one each round, the
      newest, with the photo and two tags), and which files it rewrote:
      those whose inode, size or modification time changed, or that are new.
The ratio (a)/(b) is the median of the rounds' ratios; beside it, the same
ratio of their CPU time (user and system, every process: workers and
Pagefind). To show how much of (a) is the search index, (e) times Pagefind
alone on the finished site (``build.search.index_site`` in a working folder
as the build makes it, its bundle read), once a round after (d), wall and
CPU. No full build's folder is deleted until every round is done: on a
file system without a journal (ext4 here) the inodes of files deleted in
the last half minute are skipped one by one when a new file is made, which
charged the next build up to 0.6 ms of CPU a file (docs/benchmarks.md).

Where the folders go: ``--keep DIR``, else a temporary folder (``TMPDIR``;
``TMPDIR=/dev/shm`` measures in memory, without the disk).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
import re
import shutil
import statistics
import tempfile
from pathlib import Path

from _common import PRESSRELEASE, machine, run, run_cpu, table
from generate import generate

SITE_URL = "https://newsroom.example.org/"
NOW = "2024-03-20T12:00:00+00:00"  # the corpus's datelines run to 2024-03; a few embargoes lift after this
OTHER = {
    "fr": ("Le ministère annonce l'ouverture de la mission numéro {n} à {place}, pour le dialogue entre les "
           "partis.", "La délégation rencontrera le président de l'Assemblée et rendra son rapport en mars."),
    "es": ("El ministerio anuncia la misión número {n} en {place}, para el diálogo entre los partidos.",
           "La delegación se reunirá con el presidente de la Asamblea y presentará su informe en marzo."),
}


def corpus(count: int, folder: Path) -> list[Path]:
    """``generate.py``'s releases, a site, and every fifth release in French or Spanish."""
    paths = generate(count, folder)
    organisation = folder / "organisation.yaml"
    text = organisation.read_text(encoding="utf-8").split("\nsite:\n")[0].rstrip("\n") + "\n"  # the reference's own
    organisation.write_text(text + f"site:\n  url: {SITE_URL}\n  title: IPU Newsroom\n", encoding="utf-8")
    for number, path in enumerate(paths):
        language = {1: "fr", 3: "es"}.get(number % 5)
        if language is not None:
            _translate(path, language, number)
    return paths


def _translate(path: Path, language: str, number: int) -> None:
    front, _ = path.read_text(encoding="utf-8").split("\n---\n", 1)
    place = re.search(r"city: (.+)", front).group(1)  # type: ignore[union-attr]
    front = front.replace("language: en-GB", f"language: {language}")
    front = re.sub(r'headline: ".*"', f'headline: "{OTHER[language][0].format(n=number, place=place)[:70]}"', front)
    front = re.sub(r"(alt|caption): .*", rf"\1: {language} {number}", front)
    front = re.sub(r"subheadline: .*\n?", "", front)
    body = "\n\n".join(sentence.format(n=number, place=place) for sentence in OTHER[language] * (2 + number % 4))
    path.write_text(front + "\n---\n\n" + body + "\n", encoding="utf-8")


def new_release(folder: Path, number: int) -> Path:
    """A release newer than every other, in English, with the photo and two tags."""
    path = folder / f"2024-03-19-added-{number}.md"
    path.write_text(
        "---\n"
        f'headline: "IPU opens added mission {number} in Oslo"\n'
        f"slug: 2024-03-19-added-{number}\n"
        "dateline:\n  city: Oslo\n  date: 2024-03-19\n"
        "language: en-GB\n"
        "tags: [IPU, budget]\n"
        "photos:\n  - file: photos/placeholder-ipu-cambodia-mission.jpg\n"
        f"    alt: Added delegation {number}\n    caption: The delegation in Oslo.\n    credit: ©IPU\n"
        "---\n\n"
        f"OSLO – The IPU opened its added mission {number} today, to support the budget committee.\n\n"
        "The delegation will meet the Speaker and report in April.\n", encoding="utf-8")
    return path


def command(source: Path, out: Path, formats: str) -> list[str]:
    return [PRESSRELEASE, "build", str(source), "-o", str(out), "-f", formats, "-j", "2", "--now", NOW, "-q"]


def snapshot(out: Path) -> dict[str, tuple[int, int, int]]:
    found = {}
    for root, _, names in os.walk(out):
        for name in names:
            path = os.path.join(root, name)
            state = os.stat(path)
            found[os.path.relpath(path, out)] = (state.st_ino, state.st_size, state.st_mtime_ns)
    return found


def rewritten(before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]) -> list[str]:
    return sorted(name for name, state in after.items() if before.get(name) != state)


#: What adding the release ``new_release`` writes: its own outputs, its site page and photo, every page of
#: the listings that show it (all their pages: each card moves one place), their feeds, the tags page (its
#: counts), the sitemaps, the search index, the catalogue and the manifest.
LISTINGS = ("", "tags/ipu/", "tags/budget/", "years/2024/", "languages/en-GB/")


def expected(name: str, slug: str) -> str | None:
    """Why adding release ``slug`` may rewrite ``name`` (a path in the output folder), or None if it may not."""
    if name in (".pressrelease-manifest.json", "releases.json") or name.startswith(slug + "."):
        return "its outputs, the catalogue, the manifest"
    if not name.startswith("site/"):
        return None
    name = name[len("site/"):]
    if name.startswith(f"releases/{slug}/"):
        return "its page and photo"
    if name.startswith("pagefind/"):
        return "search index (Pagefind)"
    if name in ("sitemap.xml", "news-sitemap.xml"):
        return "sitemaps"
    if name == "tags/index.html":
        return "the tags page (counts)"
    for listing in LISTINGS:
        rest = name[len(listing):] if name.startswith(listing) else None
        if rest in ("feed.atom", "feed.json"):
            return "feeds of the listings that show it"
        if rest is not None and re.fullmatch(r"(page/\d+/)?index\.html", rest):
            return "pages of the listings that show it"
    return None


def classify(names: list[str], slug: str) -> tuple[dict[str, int], list[str]]:
    counts: dict[str, int] = {}
    others = []
    for name in names:
        why = expected(name, slug)
        if why is None:
            others.append(name)
        else:
            counts[why] = counts.get(why, 0) + 1
    return counts, others


def full_builds(source: Path, scratch: Path, rounds: int) -> tuple[list[tuple[float, float]], ...]:
    """(wall, CPU) of each round's (a) and (b), each into a folder of its own (deleted after the last round)."""
    site: list[tuple[float, float]] = []
    html: list[tuple[float, float]] = []
    for number in range(rounds):
        order = [("html,site", site), ("html", html)]
        for formats, times in order if number % 2 == 0 else reversed(order):
            out = scratch / f"out-full-{number}-{formats.replace(',', '-')}"
            shutil.rmtree(out, ignore_errors=True)
            times.append(run_cpu(command(source, out, formats)))
    for out in scratch.glob("out-full-*"):
        shutil.rmtree(out, ignore_errors=True)
    return site, html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=1000)
    parser.add_argument("rounds", nargs="?", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the corpus and site here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        scratch = args.keep or Path(temporary)
        source = scratch / "releases"
        shutil.rmtree(source, ignore_errors=True)
        corpus(args.count, source)
        site, html = full_builds(source, scratch, args.rounds)
        out = scratch / "out"
        shutil.rmtree(out, ignore_errors=True)
        run(command(source, out, "html,site"))
        noop, added, files, search = [], [], [], []
        for number in range(args.rounds):
            noop.append(run(command(source, out, "html,site")))
            before = snapshot(out)
            new_release(source, number)
            added.append(run(command(source, out, "html,site")))
            files.append(rewritten(before, snapshot(out)))
            search.append(_index(out))
        pages = sum(1 for name in snapshot(out) if name.startswith("site/") and name.endswith("index.html"))
    ratios = [a[0] / b[0] for a, b in zip(site, html, strict=True)]
    cpu_ratios = [a[1] / b[1] for a, b in zip(site, html, strict=True)]
    floors = [1 + pagefind[1] / b[1] for pagefind, b in zip(search, html, strict=True)]
    print(machine())
    print(f"{args.count} releases, {args.rounds} rounds; the last site has {pages} pages (index.html files)")
    print(table(["build", "releases", "median s", "min s", "max s"], [
        ["(a) full build, -f html,site -j 2, new output folder", args.count, *_stats(site)],
        ["(b) the same releases, -f html -j 2, new output folder", args.count, *_stats(html)],
        ["(c) no-op rebuild of the site", args.count, *_stats(noop)],
        ["(d) rebuild after adding one release", args.count, *_stats(added)],
        ["(e) of which Pagefind alone (index_site on the built site)", args.count, *_stats(search)],
    ]))
    print(f"(a)/(b): median {statistics.median(ratios):.3f} (rounds: {_listed(ratios)})")
    print(f"CPU time (user + system, every process): (a) {_cpu(site)}, (b) {_cpu(html)}, (e) Pagefind {_cpu(search)}; "
          f"(a)/(b) median {statistics.median(cpu_ratios):.3f} (rounds: {_listed(cpu_ratios)})")
    print(f"(b) + Pagefind's CPU, over (b)'s: median {statistics.median(floors):.3f} (rounds: {_listed(floors)}): "
          "the CPU ratio a site build would have if nothing but its search index cost anything")
    for number, names in enumerate(files):
        counts, others = classify(names, f"2024-03-19-added-{number}")
        print(f"(d) round {number + 1}: {len(names)} files rewritten: "
              + "; ".join(f"{why} {count}" for why, count in counts.items())
              + f"; anything else: {len(others)}" + "".join(f"\n    NOT EXPECTED: {name}" for name in others))


def _index(out: Path) -> tuple[float, float]:
    """Wall and CPU time (Pagefind's process, and this one's reading the bundle) of indexing the built site."""
    from pressrelease.build.scratch import scratch_folder
    from pressrelease.build.search import index_site

    before = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    work = scratch_folder(out, 64 * 1024 * 1024)
    try:
        with index_site(out / "site", work) as bundle:
            bundle.read()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    return wall, sum(a.ru_utime - b.ru_utime + a.ru_stime - b.ru_stime for a, b in zip(after, before, strict=True))


def _stats(values: list[float] | list[tuple[float, float]]) -> list[str]:
    walls = [v[0] if isinstance(v, tuple) else v for v in values]
    return [f"{statistics.median(walls):.2f}", f"{min(walls):.2f}", f"{max(walls):.2f}"]


def _cpu(values: list[tuple[float, float]]) -> str:
    return f"{statistics.median(cpu for _, cpu in values):.2f} CPU-s"


def _listed(values: list[float]) -> str:
    return ", ".join(f"{v:.3f}" for v in values)


if __name__ == "__main__":
    main()
