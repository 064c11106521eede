"""``pressrelease build``: render releases into an output folder."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from ...formats import PDF_VARIANTS
from .. import arguments
from ..reporting import print_problems

NAME = "build"
HELP = "render releases into an output folder"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="release files or folders of them (default: releases/)")
    parser.add_argument("--out", "-o", type=Path, default=Path("dist"), metavar="DIR",
                        help="output folder (default: dist/)")
    parser.add_argument("--format", "-f", dest="formats", type=arguments.formats, default=None, metavar="LIST",
                        help="comma-separated formats: html,pdf,txt,eml,ics,site,ninjs,newsml (default: all but the wire "
                             "formats ninjs and newsml)")
    arguments.templates(parser)
    parser.add_argument("--paper", choices=("a4", "letter"), default=None,
                        help="PDF paper size (default: the house style's, A4)")
    parser.add_argument("--pdf-variant", choices=PDF_VARIANTS, default=None,
                        help="archival (pdf/a-3b, pdf/a-3u: the source embedded) or accessible (pdf/ua-1: tagged) PDF")
    parser.add_argument("--site-url", type=arguments.site_url, default=None, metavar="URL",
                        help="also build the newsroom site into OUT/site/, published at this address "
                             "(default: the organisation file's site.url, if it has one)")
    parser.add_argument("--now", type=arguments.moment, default=None, metavar="WHEN",
                        help="the moment embargoes are judged at, ISO 8601 with a zone (default: now); "
                             "a release still under embargo is left out of the site")
    parser.add_argument("--attach-pdf", action="store_true", help="attach the PDF to the .eml")
    parser.add_argument("--from", dest="from_address", default=None, metavar="ADDRESS",
                        help="the email's From (default: the first media contact; replies still go to them)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("-j", "--jobs", type=arguments.jobs, default=None, metavar="N",
                       help="worker processes (default: the number of cores)")
    where.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT",
                       help="render on the workers of this Dask scheduler (pip install 'pressrelease[dask]')")
    parser.add_argument("--timeout", type=arguments.seconds, default=None, metavar="SECONDS",
                        help="stop and report a release that takes longer than this to render (default: 120)")
    parser.add_argument("--force", action="store_true", help="rebuild everything, even what has not changed")
    parser.add_argument("--clean", action="store_true",
                        help="also delete every file in the output folder that this build did not produce")
    arguments.add_error_format(parser)
    parser.add_argument("--quiet", "-q", action="store_true", help="no line per release, only problems and the summary")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ...build import DEFAULT_FORMATS, DEFAULT_TIMEOUT, BuildOptions, build
    from ...formats import RenderOptions
    from ..reporting import ProgressReporter, relative

    options = BuildOptions(
        out_dir=args.out,
        formats=args.formats or DEFAULT_FORMATS,
        render=RenderOptions(templates=tuple(args.templates), paper=args.paper, pdf_variant=args.pdf_variant,
                             attach_pdf=args.attach_pdf, from_address=args.from_address,
                             site_url=args.site_url),
        jobs=args.jobs or arguments.default_jobs(),
        force=args.force,
        clean=args.clean,
        scheduler=args.scheduler,
        timeout=args.timeout or DEFAULT_TIMEOUT,
        now=args.now,
    )
    if "pdf" in options.formats or options.render.attach_pdf:
        from ...formats.pdf.host import pdf_environment_warnings

        for warning in pdf_environment_warnings():
            print(f"pressrelease: warning: {warning}", file=err)
    log = err if args.error_format == "json" else out
    reporter = ProgressReporter(log, err, quiet=args.quiet)
    try:
        report = build(args.paths or [arguments.DEFAULT_SOURCE], options, progress=reporter)
    finally:
        reporter.close()
    print_problems(report.all_problems, err, out, args.error_format)
    for source, slug, until in report.held:
        print(f"{relative(source)}: held until {until.isoformat()}: {slug} stays out of the site until its embargo lifts",
              file=log)
    removed = f", {arguments.plural(len(report.removed), 'stale output')} removed" if report.removed else ""
    print(f"{len(report.built)} built, {len(report.unchanged)} unchanged, {len(report.failed)} failed{removed} "
          f"in {report.seconds:.1f} s", file=log)
    if any(p.code == "internal" for p in report.all_problems):
        return 2
    return 0 if report.ok and report.outcomes else 1
