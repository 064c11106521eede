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
    parser.add_argument("--port", type=arguments.port, default=8000, help="the port on 127.0.0.1 (0: any free one)")
    parser.add_argument("--idle-timeout", type=arguments.seconds, default=None, metavar="SECONDS",
                        help="close a connection silent this long (default: 10)")
    arguments.templates(parser)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ...serve.preview import serve

    timeout = {"idle_timeout": args.idle_timeout} if args.idle_timeout else {}
    try:
        return serve(args.path, port=args.port, templates=tuple(args.templates), out=out, **timeout)
    except OSError as exc:
        print(f"pressrelease: error: cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}", file=err)
        return 2
