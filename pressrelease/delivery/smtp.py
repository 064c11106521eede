"""Sending through SMTP: one message per recipient, with a log to resume from.

Every recipient gets a message addressed to them alone, so the list never
appears in any header. A recipient the server refuses is reported and the
others are still sent; a dropped connection is re-opened once, and if that
fails too the rest are reported as not sent. Each outcome is appended to a
log (JSON lines) as it happens, so ``--resume LOG`` after a crash or an
outage sends only to those who did not get the release.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Protocol

from ..errors import SendError, printable
from ..model import Release
from .recipients import Recipient

__all__ = ["Mailer", "SendLog", "SendReport", "Server", "SmtpMailer", "log_folder", "send_release"]


def log_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """Where send logs go unless told: the user's state folder, never the source tree or an output folder.

    ``$XDG_STATE_HOME/pressrelease/send-logs`` (when it is an absolute path, as
    the XDG specification requires), else ``%LOCALAPPDATA%`` on Windows, else
    ``~/.local/state/pressrelease/send-logs``. A log holds the press list's
    addresses: it has no place in a repository, and ``build --clean`` only
    ever deletes inside the output folder.
    """
    state = environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(state):
        state = environ.get("LOCALAPPDATA", "") if os.name == "nt" else ""
    if not os.path.isabs(state):
        try:
            state = str(Path.home() / ".local" / "state")
        except RuntimeError:  # no home folder to be found
            raise SendError("no folder for the send log: set XDG_STATE_HOME or give --log FILE") from None
    return Path(state) / "pressrelease" / "send-logs"


class SendLog:
    """An append-only JSON-lines record of every delivery attempt (readable by its owner only: it lists addresses)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def entries(self, *, must_exist: bool = False) -> list[dict[str, str]]:
        if not self.path.exists():
            if must_exist:
                raise SendError(f"{self.path}: no such send log (a mistyped --resume would send to everyone again)")
            return []
        entries = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    entries.append(json.loads(line))
                except json.JSONDecodeError:
                    raise SendError(f"{self.path}:{number}: not a send log line") from None
        return entries

    def sent_to(self, release_name: str) -> set[str]:
        """Who this log says received ``release_name``; the log must exist."""
        return {e["recipient"].lower() for e in self.entries(must_exist=True)
                if e.get("release") == release_name and e.get("status") == "sent"}

    def append(self, **entry: str) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with open(descriptor, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())


class Mailer(Protocol):
    def connect(self) -> None: ...
    def send(self, sender: str, recipient: str, data: bytes) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Server:
    """The mail server to hand messages to, and how: STARTTLS, implicit TLS, a login."""

    host: str
    port: int
    starttls: bool = False
    tls: bool = False
    user: str | None = None

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def password_in_clear(self) -> bool:
        """Whether logging in would send the password unencrypted over a network (not this machine's loopback)."""
        return bool(self.user) and not (self.starttls or self.tls) and not _is_loopback(self.host)


def _is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower().rstrip(".") == "localhost"


@dataclass
class SmtpMailer:
    """smtplib, talking to ``server``; ``password`` for its ``user``."""

    server: Server
    password: str | None = None
    timeout: float = 30.0
    connection: smtplib.SMTP | None = field(default=None, init=False, repr=False)

    def connect(self) -> None:
        self.close()
        server, context = self.server, ssl.create_default_context()
        if server.tls:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=self.timeout, context=context)
        else:
            connection = smtplib.SMTP(server.host, server.port, timeout=self.timeout)
        connection.ehlo()
        if server.starttls:
            connection.starttls(context=context)
            connection.ehlo()
        if server.user:
            connection.login(server.user, self.password or "")
        self.connection = connection

    def send(self, sender: str, recipient: str, data: bytes) -> None:
        if self.connection is None:
            self.connect()
        assert self.connection is not None
        self.connection.sendmail(sender, [recipient], data)

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.connection = None


@dataclass
class SendReport:
    sent: list[Recipient] = field(default_factory=list)
    skipped: list[Recipient] = field(default_factory=list)
    refused: list[tuple[Recipient, str]] = field(default_factory=list)
    failed: list[tuple[Recipient, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused and not self.failed

    def summary(self) -> str:
        return (f"{len(self.sent)} sent, {len(self.refused)} refused, {len(self.failed)} failed"
                + (f", {len(self.skipped)} skipped (already sent)" if self.skipped else ""))


Connection = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError, OSError)


def send_release(
    release: Release,
    recipients: list[Recipient],
    *,
    build_message: Callable[[Recipient], tuple[str, bytes, str]],
    mailer: Mailer,
    log: SendLog | None = None,
    resume: set[str] = frozenset(),  # type: ignore[assignment]
    progress: Callable[[str], None] = lambda line: None,
) -> SendReport:
    """Send one message per recipient; ``build_message`` returns (envelope sender, bytes, Message-ID)."""
    sending = _Sending(release, mailer, log, resume, progress)
    for position, recipient in enumerate(recipients):
        if recipient.email.lower() in resume:
            sending.report.skipped.append(recipient)
            continue
        sender, data, message_id = build_message(recipient)
        stopped = sending.deliver(recipient, sender, data, message_id)
        if stopped:
            sending.give_up(recipients[position:], stopped)
            return sending.report
    mailer.close()
    return sending.report


class _Sending:
    """One mailing in progress: the connection, the report, and the log each outcome goes to."""

    def __init__(self, release: Release, mailer: Mailer, log: SendLog | None, resume: set[str],
                 progress: Callable[[str], None]) -> None:
        self.release, self.mailer, self.log, self.resume, self.progress = release, mailer, log, resume, progress
        self.report = SendReport()
        self.connected = False
        origin = release.origin
        self.source_hash = hashlib.sha256(origin.data or origin.text.encode()).hexdigest()[:16] if origin else ""

    def record(self, recipient: Recipient, status: str, message_id: str = "", detail: str = "") -> None:
        if self.log is not None:
            self.log.append(time=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                            release=self.release.name, source=self.source_hash, recipient=recipient.email,
                            status=status, message_id=message_id, detail=detail)
        self.progress(printable(f"{status:<8} {recipient}" + (f": {detail}" if detail else "")))  # the server's words

    def deliver(self, recipient: Recipient, sender: str, data: bytes, message_id: str) -> str:
        """Hand one message over (re-opening a lost connection once); "" or why the mailing must stop."""
        for attempt in (1, 2):
            try:
                if not self.connected:
                    self.mailer.connect()
                    self.connected = True
                self.mailer.send(sender, recipient.email, data)
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()))
                reason = f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"
                self.report.refused.append((recipient, reason))
                self.record(recipient, "refused", message_id, reason)
            except smtplib.SMTPSenderRefused as exc:
                return f"the server refused the sender: {exc.smtp_code} {exc.smtp_error!r}"
            except (smtplib.SMTPDataError, smtplib.SMTPNotSupportedError) as exc:
                self.report.failed.append((recipient, str(exc)))
                self.record(recipient, "failed", message_id, str(exc))
            except smtplib.SMTPAuthenticationError as exc:
                return f"login failed: {exc.smtp_code}"
            except Connection as exc:
                self.connected = False
                self.mailer.close()
                if attempt == 1:
                    continue  # re-open the connection once and try this recipient again
                return f"connection lost: {exc}"
            else:
                self.report.sent.append(recipient)
                self.record(recipient, "sent", message_id)
            return ""
        return ""

    def give_up(self, remaining: list[Recipient], reason: str) -> None:
        for recipient in remaining:
            if recipient.email.lower() in self.resume:
                self.report.skipped.append(recipient)
                continue
            self.report.failed.append((recipient, reason))
            self.record(recipient, "failed", "", reason)
