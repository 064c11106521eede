"""``pressrelease import FILE.ninjs.json``: a release source (and an organisation file) from an IPTC ninjs item."""

from __future__ import annotations

import argparse
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
    if target.exists():
        raise SourceError([Problem(target, 0, 0, "already exists", "import into another --out folder, or move it")])
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if not org_file.exists():
        organisation = imported.organisation if imported.organisation and imported.organisation.get("name") else None
        if organisation is None:  # the item names no organisation: a file to fill in, so the release loads
            text = ("# The item named no organisation: replace this with yours (see docs/source-format.md).\n"
                    + _yaml({"name": imported.provider or "Your organisation"}))
        else:
            text = _yaml(organisation)
        org_file.write_text(text, encoding="utf-8")
        written.append(org_file)
    front = dict(imported.front)
    if org_file.exists():
        front["organisation"] = "organisation.yaml"
    comment = "".join(f"# {line}\n" for line in
                      (["ninjs fields not imported (no place in a release source):", *imported.unsupported]
                       if imported.unsupported else []))
    target.write_text(f"---\n{comment}{_yaml(front)}---\n{imported.body}", encoding="utf-8")
    written.append(target)
    for path in written:
        print(f"wrote {relative(path)}", file=out)
    return 0
