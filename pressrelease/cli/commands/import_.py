"""``pressrelease import FILE.ninjs.json``: a release source (and an organisation file) from an IPTC ninjs item."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO

from ..reporting import relative

NAME = "import"
HELP = "write a release source from an IPTC ninjs item (and an organisation file where there is none)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the ninjs item (.ninjs.json)")
    parser.add_argument("--out", type=Path, default=Path("."), metavar="DIR",
                        help="the folder to write the release into (default: the current folder)")


def _existing_contacts(org_file: Path) -> tuple[str, ...]:
    from ...source.loader import load_organisation

    try:
        return tuple(contact.name for contact in load_organisation(org_file).contacts)
    except Exception:  # an organisation file we cannot read: the release keeps its own contacts
        return ()


def _yaml(data: object) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=100_000)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ...errors import Problem, SourceError
    from ...source.ninjs import read_ninjs

    source: Path = args.file
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise SourceError([Problem(source, 0, 0, f"cannot be read: {exc.strerror}", "give an existing file")]) from None
    folder: Path = args.out
    org_file = folder / "organisation.yaml"
    imported = read_ninjs(source, data, _existing_contacts(org_file) if org_file.is_file() else ())
    target = folder / f"{imported.name}.md"
    if org_file.is_symlink() and not org_file.exists():
        raise SourceError([Problem(org_file, 0, 0, "is a link to a file that does not exist",
                                   "remove it, or import into another --out folder")])
    if target.exists() or target.is_symlink():
        raise SourceError([Problem(target, 0, 0, "already exists", "import into another --out folder, or move it")])
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[Path, str] = {}  # every file made in memory first: nothing is half-imported
    if not org_file.exists() and not org_file.is_symlink():
        organisation = imported.organisation if imported.organisation and imported.organisation.get("name") else None
        if organisation is None:  # the item names no organisation: a file to fill in, so the release loads
            files[org_file] = ("# The item named no organisation: replace this with yours (see docs/source-format.md).\n"
                               + _yaml({"name": imported.provider or "Your organisation"}))
        else:
            files[org_file] = _yaml(organisation)
    front = dict(imported.front)
    if org_file.exists() or org_file in files:
        front["organisation"] = "organisation.yaml"
    comment = "".join(f"# {line}\n" for line in
                      (["ninjs fields not imported (no place in a release source):", *imported.unsupported]
                       if imported.unsupported else []))
    files[target] = f"---\n{comment}{_yaml(front)}---\n{imported.body}"
    written = [path for path, text in files.items() if _create(path, text)]
    for path in written:
        print(f"wrote {relative(path)}", file=out)
    return 0


def _create(path: Path, text: str) -> bool:
    """Write a new file, never through a link or over a file (O_EXCL, O_NOFOLLOW): a link put where the
    import writes cannot send it outside the folder."""
    from ...errors import Problem, SourceError

    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        raise SourceError([Problem(path, 0, 0, "already exists (or is a link)", "import into another --out folder")]) from None
    except OSError as exc:
        raise SourceError([Problem(path, 0, 0, f"cannot be written: {exc.strerror or exc}", "check the folder")]) from None
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    return True
