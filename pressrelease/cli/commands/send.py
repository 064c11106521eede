"""``pressrelease send``: email a release to a press list, one message per recipient (a dry run without --yes)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from .. import arguments
from ..reporting import print_problems

NAME = "send"
HELP = "email a release to a press list, one message per recipient"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", type=Path, help="the release file")
    parser.add_argument("--to", required=True, metavar="RECIPIENTS",
                        help="comma-separated addresses, or a CSV file with an 'email' column (and optional 'name')")
    parser.add_argument("--smtp", required=True, metavar="HOST:PORT", help="the mail server")
    tls = parser.add_mutually_exclusive_group()
    tls.add_argument("--starttls", action="store_true", help="upgrade the connection with STARTTLS")
    tls.add_argument("--ssl", action="store_true", help="connect with implicit TLS (usually port 465)")
    parser.add_argument("--user", default=None, help="log in as NAME; the password comes from "
                        "$PRESSRELEASE_SMTP_PASSWORD or a prompt, never from the command line")
    parser.add_argument("--from", dest="from_address", default=None, metavar="ADDRESS")
    parser.add_argument("--attach-pdf", action="store_true")
    arguments.templates(parser)
    parser.add_argument("--log", type=Path, default=None, metavar="FILE",
                        help="where to record each delivery (default: <release>.send-log.jsonl in "
                        "$XDG_STATE_HOME/pressrelease/send-logs, ~/.local/state/... without it; the path is printed)")
    parser.add_argument("--resume", type=Path, default=None, metavar="LOG",
                        help="skip recipients this log says were already sent this release")
    parser.add_argument("--yes", action="store_true", help="really send (without it: a dry run)")


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from ...delivery import Mailing, Server, parse_recipients, parse_server, smtp_password
    from ...errors import SendError
    from ...formats import RenderOptions
    from ...source import load

    try:
        host, port = parse_server(args.smtp)
    except ValueError as exc:
        print(f"pressrelease: error: {exc}", file=err)
        return 2
    server = Server(host, port, starttls=args.starttls, tls=args.ssl, user=args.user)
    if server.password_in_clear:
        print(f"pressrelease: error: --user without --starttls or --ssl would send the password in clear to {host}",
              file=err)
        return 2
    release = load(args.source)
    recipients, problems = parse_recipients(args.to)
    if problems:
        print_problems(problems, err, out)
        return 1
    options = RenderOptions(templates=tuple(args.templates), attach_pdf=args.attach_pdf,
                            from_address=args.from_address)
    mailing = Mailing(release, recipients, options, resume_from=args.resume)
    _print_preview(mailing, out, err)
    log = args.log or mailing.default_log()
    if not args.yes:
        _print_dry_run(mailing, server, args.resume, log, out)
        return 0
    password = None
    if args.user:
        import getpass

        try:
            password = smtp_password(args.user, host, ask=getpass.getpass if sys.stdin.isatty() else None)
        except SendError as exc:
            print(f"pressrelease: error: {exc}", file=err)
            return 2
    print(f"log: {log}", file=out, flush=True)
    report = mailing.send(server, password=password, log=log, progress=lambda line: print(line, file=out, flush=True))
    print(f"{report.summary()}; log: {log}", file=out)
    return 0 if report.ok else 1


def _print_preview(mailing, out: TextIO, err: TextIO) -> None:  # type: ignore[no-untyped-def]
    preview = mailing.preview()
    print_problems(mailing.warnings, err, out)
    print(f"Subject: {preview.subject}", file=out)
    print(f"From: {preview.sender}" + (f"  (Reply-To: {preview.reply_to})" if preview.reply_to else ""), file=out)
    print(f"Message: {preview.size / 1000:.1f} kB, HTML part {preview.html_size / 1000:.1f} kB"
          + (", PDF attached" if preview.pdf_attached else ""), file=out)


def _print_dry_run(mailing, server, resumed: Path | None, log: Path, out: TextIO) -> None:  # type: ignore[no-untyped-def]
    skipped = len(mailing.recipients) - len(mailing.pending)
    print(f"Dry run: would send {len(mailing.pending)} message(s) via {server}, one per recipient"
          + (f" ({skipped} already sent per {resumed})" if mailing.already_sent else "") + ":", file=out)
    for recipient in mailing.pending:
        print(f"  {recipient}", file=out)
    print(f"Nothing was sent. Add --yes to send (each delivery is then recorded in {log}).", file=out)
