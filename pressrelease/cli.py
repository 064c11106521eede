"""The ``pressrelease`` command: new, check, build, preview, send.

Exit status: 0 when everything worked, 1 when an input has problems (each
printed as ``path:line:col: error: message (hint)``), 2 for a usage error or
a crash in our own code (a short message; PRESSRELEASE_DEBUG=1 shows the
traceback). Heavy modules are imported inside the commands that need them:
``check`` never imports Jinja or WeasyPrint.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from pathlib import Path
from typing import Callable, Sequence, TextIO

from .errors import PressReleaseError, Problem
from .renderers import FORMATS, PDF_VARIANTS
from .reporting import ERROR_FORMATS, print_problems, relative
from .version import __version__

__all__ = ["main"]

DEFAULT_SOURCE = Path("releases")


def _formats(value: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown) or value!r}; choose from {','.join(FORMATS)}")
    return names


def _rules(value: str) -> frozenset[str]:
    from .lint import RULES

    names = frozenset(part.strip() for part in value.split(",") if part.strip())
    unknown = sorted(names - set(RULES))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown rule {', '.join(unknown)}; rules: {', '.join(RULES)}")
    return names


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError("-j takes a whole number of processes, 1 or more")
    return int(value)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pressrelease",
        description="Write a press release once; publish it as a web page, a PDF, a text and an email.",
    )
    parser.add_argument("--version", action="version", version=f"pressrelease {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    errors = {"choices": ERROR_FORMATS, "default": "text", "dest": "error_format",
              "help": "text lines on stderr (default), json on stdout, or github annotations"}

    build = commands.add_parser("build", help="render releases into an output folder")
    build.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="release files or folders of them (default: releases/)")
    build.add_argument("--out", "-o", type=Path, default=Path("dist"), metavar="DIR", help="output folder (default: dist/)")
    build.add_argument("--format", "-f", dest="formats", type=_formats, default=None, metavar="LIST",
                       help="comma-separated formats: html,pdf,txt,eml (default: all of them)")
    build.add_argument("--templates", "-t", action="append", type=Path, default=[], metavar="DIR",
                       help="folder of templates overriding the built-in ones (repeatable)")
    build.add_argument("--paper", choices=("a4", "letter"), default=None, help="PDF paper size (default: the house style's, A4)")
    build.add_argument("--pdf-variant", choices=PDF_VARIANTS, default=None,
                       help="archival (pdf/a-3b, pdf/a-3u: the source embedded) or accessible (pdf/ua-1: tagged) PDF")
    build.add_argument("--attach-pdf", action="store_true", help="attach the PDF to the .eml")
    build.add_argument("--from", dest="from_address", default=None, metavar="ADDRESS",
                       help="the email's From (default: the first media contact; replies still go to them)")
    build.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                       help="worker processes (default: the number of cores)")
    build.add_argument("--force", action="store_true", help="rebuild everything, even what has not changed")
    build.add_argument("--clean", action="store_true",
                       help="also delete every file in the output folder that this build did not produce")
    build.add_argument("--format-errors", **errors)
    build.add_argument("--quiet", "-q", action="store_true", help="no line per release, only problems and the summary")

    check = commands.add_parser("check", help="validate releases and lint them, without rendering")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="release files or folders (default: releases/)")
    check.add_argument("--strict", action="store_true", help="convention warnings count as errors")
    check.add_argument("--disable", type=_rules, default=frozenset(), metavar="RULES",
                       help="comma-separated lint rules to skip")
    check.add_argument("--no-lint", action="store_true", help="validate only, no convention warnings")
    check.add_argument("--format-errors", **errors)

    new = commands.add_parser("new", help="write a new release skeleton")
    new.add_argument("title", help="the headline of the new release")
    new.add_argument("--org", type=Path, default=None, metavar="FILE",
                     help="organisation file (default: the nearest organisation.yaml)")
    new.add_argument("--dir", type=Path, default=None, metavar="DIR",
                     help="where to write it (default: the organisation file's folder, else releases/)")
    new.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="release date (default: today)")

    send = commands.add_parser("send", help="email a release to a press list, one message per recipient")
    send.add_argument("source", type=Path, help="the release file")
    send.add_argument("--to", required=True, metavar="RECIPIENTS",
                      help="comma-separated addresses, or a CSV file with an 'email' column (and optional 'name')")
    send.add_argument("--smtp", required=True, metavar="HOST:PORT", help="the mail server")
    send.add_argument("--starttls", action="store_true", help="upgrade the connection with STARTTLS")
    send.add_argument("--ssl", action="store_true", help="connect with implicit TLS (usually port 465)")
    send.add_argument("--user", default=None, help="log in as NAME; the password comes from "
                      "$PRESSRELEASE_SMTP_PASSWORD or a prompt, never from the command line")
    send.add_argument("--from", dest="from_address", default=None, metavar="ADDRESS")
    send.add_argument("--attach-pdf", action="store_true")
    send.add_argument("--templates", "-t", action="append", type=Path, default=[], metavar="DIR")
    send.add_argument("--log", type=Path, default=None, metavar="FILE",
                      help="where to record each delivery (default: <release>.send-log.jsonl)")
    send.add_argument("--resume", type=Path, default=None, metavar="LOG",
                      help="skip recipients this log says were already sent this release")
    send.add_argument("--yes", action="store_true", help="really send (without it: a dry run)")

    preview = commands.add_parser("preview", help="serve a release's web page locally, re-rendered on every reload")
    preview.add_argument("path", type=Path, help="the release file")
    preview.add_argument("--port", type=int, default=8000)
    preview.add_argument("--templates", "-t", action="append", type=Path, default=[], metavar="DIR")
    return parser


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .discovery import discover
    from .loader import Loader

    files, problems = discover(args.paths or [DEFAULT_SOURCE])
    loader = Loader()
    with_errors = with_warnings = 0
    for source in files:
        found: list[Problem] = []
        try:
            release = loader.load(source)
            if not args.no_lint:
                from .lint import lint

                found = lint(release, disable=args.disable)
        except PressReleaseError as exc:
            found = list(getattr(exc, "problems", ()) or [Problem(source, 0, 0, str(exc))])
        except Exception as exc:  # a bug: reported against this release, the others are still checked
            found = [_internal(source, exc)]
        if args.strict:
            found = [_strict(p) for p in found]
        if any(p.severity == "error" for p in found):
            with_errors += 1
        elif found:
            with_warnings += 1
        problems.extend(found)
    problems = list(dict.fromkeys(problems))
    errors = sum(p.severity == "error" for p in problems)
    summary = (f"checked {_plural(len(files), 'release')}: {len(files) - with_errors - with_warnings} ok, "
               f"{with_errors} with errors, {with_warnings} with warnings "
               f"({_plural(errors, 'error')}, {_plural(len(problems) - errors, 'warning')})")
    print_problems(problems, err, out, args.error_format)
    print(summary, file=err if args.error_format == "json" else out)
    if any(p.code == "internal" for p in problems):
        return 2
    return 1 if errors or not files else 0


def _internal(source: Path, exc: Exception) -> Problem:
    if os.environ.get("PRESSRELEASE_DEBUG"):
        traceback.print_exception(exc)
    return Problem(source, 0, 0, f"internal error: {type(exc).__name__}: {exc}",
                   "this is a bug in pressrelease; please report it with this release", code="internal")


def _strict(problem: Problem) -> Problem:
    from dataclasses import replace

    return replace(problem, severity="error") if problem.severity == "warning" else problem


def cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .build import BuildOptions, build
    from .environment import pdf_environment_warnings
    from .renderers import RenderOptions
    from .reporting import ProgressReporter

    options = BuildOptions(
        out_dir=args.out,
        formats=args.formats or tuple(FORMATS),
        render=RenderOptions(templates=tuple(args.templates), paper=args.paper, pdf_variant=args.pdf_variant,
                             attach_pdf=args.attach_pdf, from_address=args.from_address),
        jobs=args.jobs or default_jobs(),
        force=args.force,
        clean=args.clean,
    )
    if "pdf" in options.formats or options.render.attach_pdf:
        for warning in pdf_environment_warnings():
            print(f"pressrelease: warning: {warning}", file=err)
    paths = args.paths or [DEFAULT_SOURCE]
    log = err if args.error_format == "json" else out
    reporter = ProgressReporter(log, err, quiet=args.quiet)
    try:
        report = build(paths, options, progress=reporter)
    finally:
        reporter.close()
    print_problems(report.all_problems, err, out, args.error_format)
    removed = f", {_plural(len(report.removed), 'stale output')} removed" if report.removed else ""
    print(f"{len(report.built)} built, {len(report.unchanged)} unchanged, {len(report.failed)} failed{removed} "
          f"in {report.seconds:.1f} s", file=log)
    if any(p.code == "internal" for p in report.all_problems):
        return 2
    return 0 if report.ok and report.outcomes else 1


def cmd_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .skeleton import write_skeleton

    path = write_skeleton(args.title, org_file=args.org, folder=args.dir, date=args.date)
    print(f"wrote {relative(path)}", file=out)
    return 0


def cmd_send(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from email.headerregistry import Address

    from .loader import load
    from .renderers import RenderOptions
    from .renderers.email import EmailRenderer
    from .send import Recipient, SendLog, SmtpMailer, parse_recipients, send_release
    from .templating import Theme

    host, _, port_text = args.smtp.rpartition(":")
    if not host or not port_text.isdigit():
        print(f"pressrelease: error: --smtp {args.smtp!r} is not HOST:PORT", file=err)
        return 2
    release = load(args.source)
    recipients, problems = parse_recipients(args.to)
    if problems:
        print_problems(problems, err, out)
        return 1
    if not recipients:
        print("pressrelease: error: no recipients", file=err)
        return 1
    options = RenderOptions(templates=tuple(args.templates), attach_pdf=args.attach_pdf,
                            from_address=args.from_address)
    theme = Theme(options.templates)
    renderer = EmailRenderer(theme, options)
    pdf = None
    if args.attach_pdf:
        from .renderers.pdf import PdfRenderer

        pdf = PdfRenderer(theme, options).render(release)

    def build_message(recipient: Recipient) -> tuple[str, bytes, str]:
        msg = renderer.message(release, pdf=pdf, to=recipient.address, date=dt.datetime.now(dt.timezone.utc),
                               unique_id=True)
        sender = msg["From"].addresses[0]
        assert isinstance(sender, Address)
        return sender.addr_spec, renderer.serialise(msg), str(msg["Message-ID"])

    log_path = args.log or args.resume or Path(f"{release.name}.send-log.jsonl")
    resume = SendLog(args.resume).sent_to(release.name) if args.resume else set()
    sample = renderer.message(release, pdf=pdf, to=recipients[0].address)
    html_size = len(sample.get_body(("html",)).get_content().encode("utf-8"))
    print_problems(renderer.warnings, err, out)
    print(f"Subject: {sample['Subject']}", file=out)
    print(f"From: {sample['From']}" + (f"  (Reply-To: {sample['Reply-To']})" if sample["Reply-To"] else ""), file=out)
    print(f"Message: {len(renderer.serialise(sample)) / 1000:.1f} kB, HTML part {html_size / 1000:.1f} kB"
          + (", PDF attached" if pdf else ""), file=out)
    pending = [r for r in recipients if r.email.lower() not in resume]
    if not args.yes:
        print(f"Dry run: would send {len(pending)} message(s) via {host}:{port_text}, one per recipient"
              + (f" ({len(recipients) - len(pending)} already sent per {args.resume})" if resume else "") + ":", file=out)
        for recipient in pending:
            print(f"  {recipient}", file=out)
        print("Nothing was sent. Add --yes to send.", file=out)
        return 0
    password = None
    if args.user:
        password = os.environ.get("PRESSRELEASE_SMTP_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                print("pressrelease: error: set PRESSRELEASE_SMTP_PASSWORD (no terminal to ask for it)", file=err)
                return 2
            import getpass

            password = getpass.getpass(f"Password for {args.user} at {host}: ")
    mailer = SmtpMailer(host, int(port_text), starttls=args.starttls, tls=args.ssl, user=args.user, password=password)
    report = send_release(release, recipients, build_message=build_message, mailer=mailer, log=SendLog(log_path),
                          resume=resume, progress=lambda line: print(line, file=out, flush=True))
    print(f"{report.summary()}; log: {log_path}", file=out)
    return 0 if report.ok else 1


def cmd_preview(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .preview import serve

    return serve(args.path, port=args.port, templates=tuple(args.templates), out=out)


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO], int]] = {
    "check": cmd_check,
    "build": cmd_build,
    "new": cmd_new,
    "send": cmd_send,
    "preview": cmd_preview,
}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return COMMANDS[args.command](args, out, err)
    except PressReleaseError as exc:
        problems = getattr(exc, "problems", None)
        if problems:
            print_problems(problems, err, out)
        else:
            print(f"pressrelease: error: {exc}", file=err)
        return 1
    except KeyboardInterrupt:
        print("pressrelease: interrupted", file=err)
        return 130
    except Exception as exc:  # a bug in pressrelease: short message, not a traceback
        if os.environ.get("PRESSRELEASE_DEBUG"):
            traceback.print_exc(file=err)
        print(f"pressrelease: internal error: {type(exc).__name__}: {exc}", file=err)
        print("This is a bug in pressrelease; set PRESSRELEASE_DEBUG=1 to see the traceback.", file=err)
        return 2
