"""``pressrelease new``: a release file to fill in, pre-set from the organisation.

The skeleton is a source file, not an output, so it is written here (never
overwriting) rather than by the build's writer.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from ..errors import PressReleaseError, Problem, SourceError
from ..model import slugify
from ..rules import CONTROL, is_inside
from .discover import find_organisation_file
from .loader import load_organisation

__all__ = ["skeleton_text", "write_skeleton"]


def skeleton_text(title: str, *, city: str, date: dt.date, language: str, organisation_ref: str | None) -> str:
    org_line = f"organisation: {json.dumps(organisation_ref, ensure_ascii=False)}\n" if organisation_ref else ""
    return f"""---
kind: Press Release
headline: {json.dumps(title, ensure_ascii=False)}
# subheadline: One sentence that adds to the headline
dateline:
  city: {json.dumps(city, ensure_ascii=False)}
  date: {date.isoformat()}
language: {language}
# embargo: {date.isoformat()} 10:00 Europe/Zurich   # an offset (+01:00) or an IANA zone is required
# photos:
#   - file: photos/picture.jpg
#     alt: What the picture shows, for people who cannot see it
#     caption: Who and what is in the picture.
#     credit: © Photographer
#     usage: Editorial use only   # the licence or usage note
tags: []
{org_line}# contacts: the organisation file's contacts are used unless you list others here
# notes_to_editors: |
#   Background facts for journalists.
---

Write the lead paragraph here: who, what, when, where and why, in two or three sentences.

Add the details, quotes and background in the paragraphs that follow.
"""


def write_skeleton(
    title: str, *, org_file: Path | None = None, folder: Path | None = None, date: str | None = None
) -> Path:
    """Write ``YYYY-MM-DD-<slug>.md`` and return its path; never overwrites."""
    title = " ".join(title.split())
    if not title or CONTROL.search(title):
        raise PressReleaseError("the title must be one line of text")
    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        raise PressReleaseError(f"--date {date!r} is not a date written YYYY-MM-DD") from None
    if org_file is not None and not org_file.is_file():
        raise SourceError([Problem(org_file, 0, 0, "no such organisation file", code="missing")])
    org_path = org_file or find_organisation_file(folder or Path("releases"))
    if org_path is None:
        raise PressReleaseError(f"no organisation file found in {folder or Path('releases')} or a folder above it; "
                                "run `pressrelease init` to start a newsroom (or give --org FILE)")
    org = load_organisation(org_path)
    target_dir = folder or org_path.parent
    target_dir.mkdir(parents=True, exist_ok=True)
    reference = None
    if find_organisation_file(target_dir) != org_path.resolve():
        if not is_inside(org_path.resolve(), [target_dir.resolve()]):
            raise PressReleaseError(
                f"{org_path} would not be found from {target_dir}: a release may only name an organisation "
                "file in its own folder, and finds one in a parent folder by itself; use --dir inside "
                "the organisation file's folder"
            )
        reference = os.path.relpath(org_path.resolve(), target_dir.resolve())
    text = skeleton_text(
        title,
        city=org.city or "City",
        date=day,
        language=org.language or "en",
        organisation_ref=reference,
    )
    path = target_dir / f"{day.isoformat()}-{slugify(title)}.md"
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise PressReleaseError(f"{path} already exists; choose another title or --date") from None
    return path
