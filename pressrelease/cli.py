"""The ``pressrelease`` command: new, check, build, preview.

Exit status: 0 when everything worked, 1 when an input has problems (each
printed as ``path:line:col: error: message (hint)``), 2 for a usage error or
a crash in our own code (a short message; PRESSRELEASE_DEBUG=1 shows the
traceback). Heavy modules are imported inside the commands that need them:
``check`` never imports WeasyPrint.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
import traceback
from pathlib import Path
from typing import Callable, Sequence, TextIO

from .errors import PressReleaseError, Problem
from .renderers import PDF_VARIANTS
from .version import __version__

__all__ = ["main"]

DEFAULT_SOURCE = Path("releases")


def _display(problem: Problem) -> str:
    path = problem.path
    if path is not None:
        try:
            path = Path(os.path.relpath(path))
        except ValueError:
            pass
        if str(path).startswith(".." + os.sep + ".."):
            path = problem.path
    return str(dataclasses.replace(problem, path=path))


def print_problems(problems: Sequence[Problem], stream: TextIO) -> None:
    for problem in sorted(problems, key=Problem.sort_key):
        print(_display(problem), file=stream)


def _formats(value: str) -> tuple[str, ...]:
    from .renderers import FORMATS

    names = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown) or value!r}; choose from {','.join(FORMATS)}")
    return names


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pressrelease",
        description="Write a press release once; publish it as a web page, a PDF, a text and an email.",
    )
    parser.add_argument("--version", action="version", version=f"pressrelease {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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

    check = commands.add_parser("check", help="validate releases without rendering them")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="release files or folders (default: releases/)")

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


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .build import discover
    from .loader import Loader

    files, problems = discover(args.paths or [DEFAULT_SOURCE])
    loader = Loader()
    failed = 0
    for source in files:
        try:
            loader.load(source)
        except PressReleaseError as exc:
            failed += 1
            problems.extend(getattr(exc, "problems", ()) or [Problem(source, 0, 0, str(exc))])
    problems = list(dict.fromkeys(problems))
    print_problems(problems, err)
    errors = sum(p.severity == "error" for p in problems)
    print(f"checked {len(files)} release{'s' * (len(files) != 1)}: "
          f"{len(files) - failed} ok, {failed} with problems ({errors} error{'s' * (errors != 1)})", file=out)
    return 1 if errors or not files else 0


def cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .build import BuildOptions, build
    from .renderers import FORMATS, RenderOptions

    options = BuildOptions(
        out_dir=args.out,
        formats=args.formats or tuple(FORMATS),
        render=RenderOptions(templates=tuple(args.templates), paper=args.paper, pdf_variant=args.pdf_variant,
                             attach_pdf=args.attach_pdf, from_address=args.from_address),
    )
    if "pdf" in options.formats:
        from .renderers.pdf import environment_warnings

        for warning in environment_warnings():
            print(f"pressrelease: warning: {warning}", file=err)
    report = build(args.paths or [DEFAULT_SOURCE], options)
    for outcome in report.outcomes:
        if outcome.ok:
            names = ", ".join(f"{os.path.relpath(p)} ({_size(p)})" for p in outcome.outputs)
            print(f"built {os.path.relpath(outcome.source)} -> {names}", file=out)
    print_problems(report.all_problems, err)
    built = len(report.outcomes) - len(report.failed)
    print(f"{built} built, {len(report.failed)} failed", file=out)
    return 0 if report.ok and report.outcomes else 1


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1000:.1f} kB" if size < 1_000_000 else f"{size / 1_000_000:.1f} MB"


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
        print_problems(problems, err)
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
    print_problems(renderer.warnings, err)
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


def cmd_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .skeleton import write_skeleton

    path = write_skeleton(args.title, org_file=args.org, folder=args.dir, date=args.date)
    print(f"wrote {os.path.relpath(path)}", file=out)
    return 0


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
            print_problems(problems, err)
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
