"""``pressrelease preview``: serve a release's web page on localhost, re-rendered on every reload."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from .. import arguments

NAME = "preview"
HELP = "serve a release's web page locally, re-rendered on every reload"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the release file")
    parser.add_argument("--port", type=int, default=8000)
    arguments.templates(parser)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ...serve.preview import serve

    return serve(args.path, port=args.port, templates=tuple(args.templates), out=out)
