"""``pressrelease schema``: print the JSON Schema of a release's front matter or of an organisation file."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..reporting import relative

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import TextIO

NAME = "schema"
HELP = "print the JSON Schema editors use to complete and check release or organisation files"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("document", nargs="?", choices=("release", "organisation"), default="release",
                        help="which file the schema describes: a release's front matter (default) or an "
                             "organisation file")
    parser.add_argument("--out", type=Path, default=None, metavar="FILE",
                        help="write the schema to FILE (its folder is made if needed) instead of printing it")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ...source.jsonschema import shipped_schema_text

    text = shipped_schema_text(args.document)
    if args.out is None:
        out.write(text)
        return 0
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        print(f"pressrelease: error: cannot write {args.out}: {exc.strerror or exc}", file=err)
        return 1
    print(f"wrote {relative(args.out)}", file=out)
    return 0
