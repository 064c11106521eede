"""``pressrelease new``: write a release skeleton to fill in."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from ..reporting import relative

NAME = "new"
HELP = "write a new release skeleton"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("title", help="the headline of the new release")
    parser.add_argument("--org", type=Path, default=None, metavar="FILE",
                        help="organisation file (default: the nearest organisation.yaml)")
    parser.add_argument("--dir", type=Path, default=None, metavar="DIR",
                        help="where to write it (default: the organisation file's folder, else releases/)")
    parser.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="release date (default: today)")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ...source.skeleton import write_skeleton

    path = write_skeleton(args.title, org_file=args.org, folder=args.dir, date=args.date)
    print(f"wrote {relative(path)}", file=out)
    return 0
