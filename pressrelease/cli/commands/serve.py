"""``pressrelease serve``: build the newsroom into a private folder and serve it on 127.0.0.1, with live reload."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from .. import arguments

NAME = "serve"
HELP = "build the newsroom and serve it on 127.0.0.1, rebuilt and reloaded on every save"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", type=Path, default=None, metavar="PATH",
                        help="a folder of releases (default: releases/), or a release file: its folder, opened at its page")
    parser.add_argument("--port", type=arguments.port, default=8000, help="the port on 127.0.0.1 (0: any free one)")
    parser.add_argument("--open", dest="open_browser", action="store_true", help="open the page in a web browser")
    parser.add_argument("--out", "-o", type=Path, default=None, metavar="DIR",
                        help="build into this folder (default: a temporary one, deleted on exit; never dist/)")
    arguments.templates(parser)
    parser.add_argument("--idle-timeout", type=arguments.seconds, default=None, metavar="SECONDS",
                        help="close a connection silent this long (default: 10)")
    parser.add_argument("-j", "--jobs", type=arguments.jobs, default=None, metavar="N",
                        help="worker processes for the first build (default: the number of cores)")


def options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The build options the preview builds with (the output folder is the session's to choose)."""
    from ...build import BuildOptions
    from ...formats import RenderOptions

    # A private preview: every release is in the site (a newsroom without a site: gets one at the address
    # served, see serve's local_site), and releases still under embargo are shown too; neither is ever
    # written to a deployable folder.
    return BuildOptions(render=RenderOptions(templates=tuple(args.templates)),
                        jobs=args.jobs or arguments.default_jobs(), publish_held=True)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ...errors import BuildError
    from ...serve.server import IDLE_TIMEOUT
    from ...serve.session import serve

    path = args.path or arguments.DEFAULT_SOURCE
    if not path.exists():
        print(f"pressrelease: error: {path}: no such file or folder", file=err)
        return 2
    try:
        return serve(path, options(args), out_dir=args.out, port=args.port, open_browser=args.open_browser,
                     idle_timeout=args.idle_timeout or IDLE_TIMEOUT, log=out, local_site=True)
    except BuildError as exc:  # --out names a deploy's folder
        print(f"pressrelease: error: {exc}", file=err)
        return 1
    except OSError as exc:
        print(f"pressrelease: error: cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc} "
              "(choose another with --port N, or --port 0 for any free one)", file=err)
        return 2
