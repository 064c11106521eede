"""Make N distinct, realistic releases from the reference release.

Usage: python benchmarks/generate.py N OUT_DIR [--seed S]

Each release reuses the reference's sentences in a different order and
number (2 to 14 paragraphs, about 100 to 1,000 words), with its own
headline, date and slug; about half have the photo, a third a
subheadline, a quarter an embargo, a fifth a list or a quote, a tenth notes
to editors. The organisation file and photo are copied alongside, so the
folder builds on its own. The same N and seed always give the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "releases" / "2016-02-19-ipu-cambodia-mission.md"
TOPICS = ["parliament", "dialogue", "human rights", "mission", "assembly", "committee", "delegation",
          "democracy", "justice", "elections", "women MPs", "youth", "climate", "budget", "oversight"]
PLACES = ["Geneva", "Lusaka", "Phnom Penh", "New York", "Doha", "Manila", "Quito", "Nairobi", "Oslo", "Dakar"]


def paragraphs() -> list[str]:
    text = REFERENCE.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def release(number: int, rng: random.Random, pool: list[str]) -> tuple[str, str]:
    date = dt.date(2016, 1, 1) + dt.timedelta(days=number % 3000)
    topic, place = rng.choice(TOPICS), rng.choice(PLACES)
    headline = f"IPU {topic} mission {number} urges dialogue in {place}"
    slug = f"{date.isoformat()}-bench-{number:05d}"
    body = rng.sample(pool, k=min(len(pool), rng.randint(2, len(pool))))
    body = body + rng.sample(pool, k=rng.randint(0, 5))
    if rng.random() < 0.2:
        body.insert(1, "The delegation will:\n\n- meet the Speaker;\n- visit the prisons;\n- report in March.")
    if rng.random() < 0.2:
        body.insert(2, f"> \"Dialogue is the only way forward,\" said the head of delegation in {place}.")
    lines = [
        "---",
        f"headline: \"{headline}\"",
        f"slug: {slug}",
        "dateline:",
        f"  city: {place}",
        f"  date: {date.isoformat()}",
        "language: en-GB",
        f"tags: [IPU, {topic}, {place}]",
    ]
    if rng.random() < 0.33:
        lines.append(f"subheadline: \"Talks in {place} on {topic}, number {number}\"")
    if rng.random() < 0.25:
        lines.append(f"embargo: {date.isoformat()} 10:00 Europe/Zurich")
    if rng.random() < 0.5:
        lines += ["photos:", "  - file: photos/placeholder-ipu-cambodia-mission.jpg",
                  f"    alt: Delegation {number} at work", f"    caption: The delegation in {place}.", "    credit: ©IPU"]
    if rng.random() < 0.1:
        lines += ["notes_to_editors: |", f"  Release {number} was generated for benchmarks."]
    lines.append("---")
    text = "\n".join(lines) + "\n\n" + "\n\n".join(re.sub(r"\b12\b", str(number + 2), p) for p in body) + "\n"
    return slug, text


def generate(count: int, out: Path, seed: int = 2016) -> list[Path]:
    rng = random.Random(seed)
    pool = paragraphs()
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "releases" / "organisation.yaml", out / "organisation.yaml")
    shutil.copytree(ROOT / "releases" / "photos", out / "photos", dirs_exist_ok=True)
    paths = []
    for number in range(count):
        slug, text = release(number, rng, pool)
        path = out / f"{slug}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()
    paths = generate(args.count, args.out, args.seed)
    words = [len(p.read_text(encoding="utf-8").split("\n---\n", 1)[1].split()) for p in paths]
    print(f"wrote {len(paths)} releases to {args.out} ({min(words)} to {max(words)} words)")


if __name__ == "__main__":
    main()
