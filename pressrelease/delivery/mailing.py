"""One release mailed to a press list: what will be sent, to whom, through which server, and sending it.

``pressrelease send`` only parses its arguments and prints; everything it
decides is here. The message is made once from the release's job (its text
and, when attached, its PDF, rendered once), then addressed to each
recipient with a unique Message-ID and the time of sending.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path
from typing import Callable, Mapping

from ..errors import SendError
from ..source.lint import embargo_passed
from ..formats import RenderOptions, email_needs
from ..formats.email.renderer import EmailRenderer
from ..formats.session import RenderSession
from ..model import Release
from .recipients import Recipient
from .smtp import SendLog, SendReport, Server, SmtpMailer, log_folder, send_release

__all__ = ["Mailing", "Server", "parse_server", "smtp_password"]


def parse_server(text: str) -> tuple[str, int]:
    """(host, port) from "smtp.example.org:587"; ValueError if it is not that."""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise ValueError(f"--smtp {text!r} is not HOST:PORT")
    return host, int(port)


def smtp_password(user: str, host: str, *, environ: Mapping[str, str] = os.environ,
                  ask: Callable[[str], str] | None = None) -> str:
    """The password: ``PRESSRELEASE_SMTP_PASSWORD``, else asked at the terminal (``ask``), never an argument."""
    password = environ.get("PRESSRELEASE_SMTP_PASSWORD")
    if password is not None:
        return password
    if ask is None:
        raise SendError("set PRESSRELEASE_SMTP_PASSWORD (no terminal to ask for it)")
    return ask(f"Password for {user} at {host}: ")


@dataclass(frozen=True, slots=True)
class Preview:
    """What the dry run shows of the message before anything is sent."""

    subject: str
    sender: str
    reply_to: str
    size: int
    html_size: int
    pdf_attached: bool


class Mailing:
    """A release, its recipients and the one rendering of its message, ready to preview or send."""

    def __init__(self, release: Release, recipients: list[Recipient], options: RenderOptions, *,
                 resume_from: Path | None = None) -> None:
        if not recipients:
            raise SendError("no recipients")
        self.release, self.recipients, self.options = release, recipients, options
        session = RenderSession(options)
        self.job = session.job(release, email_needs(options), skip=True)  # no event: no .ics to attach
        for problem in embargo_passed(release):  # as check and build warn: the message still says EMBARGOED
            self.job.warn(problem)
        renderer = session.renderer("eml")
        assert isinstance(renderer, EmailRenderer)
        self.renderer = renderer
        self.resume_from = resume_from
        self.already_sent = SendLog(resume_from).sent_to(release.name) if resume_from else set()
        self.pending = [r for r in recipients if r.email.lower() not in self.already_sent]

    @property
    def warnings(self) -> list:  # type: ignore[type-arg]
        return self.job.warnings

    def default_log(self) -> Path:
        """Where deliveries are recorded unless told: the resumed log, else <release>.send-log.jsonl in the state folder."""
        return self.resume_from or log_folder() / f"{self.release.name}.send-log.jsonl"

    def preview(self) -> Preview:
        """The message as the first recipient would get it, measured."""
        sample = self.renderer.message(self.job, to=self.recipients[0].address)
        html = sample.get_body(("html",))
        html_size = len(html.get_content().encode("utf-8")) if html is not None else 0
        return Preview(str(sample["Subject"]), str(sample["From"]), str(sample["Reply-To"] or ""),
                       len(self.renderer.serialise(sample)), html_size, self.options.attach_pdf)

    def message_for(self, recipient: Recipient) -> tuple[str, bytes, str]:
        """(envelope sender, bytes, Message-ID) of the message addressed to ``recipient``, dated now."""
        msg: EmailMessage = self.renderer.message(self.job, to=recipient.address,
                                                  date=dt.datetime.now(dt.timezone.utc), unique_id=True)
        sender = msg["From"].addresses[0]
        assert isinstance(sender, Address)
        return sender.addr_spec, self.renderer.serialise(msg), str(msg["Message-ID"])

    def send(self, server: Server, *, password: str | None = None, log: Path | None = None,
             progress: Callable[[str], None] = lambda line: None) -> SendReport:
        """Send to every pending recipient, one message each, recording each outcome in the log."""
        return send_release(self.release, self.recipients, build_message=self.message_for, mailer=SmtpMailer(server, password),
                            log=SendLog(log or self.default_log()), resume=self.already_sent, progress=progress)
