"""``pressrelease send``: one message per recipient, through SMTP, with a log.

Every recipient gets a message addressed to them alone, so the list never
appears in any header. A recipient the server refuses is reported and the
others are still sent; a dropped connection is re-opened once, and if that
fails too the rest are reported as not sent. Each outcome is appended to a
log (JSON lines) as it happens, so ``--resume LOG`` after a crash or an
outage sends only to those who did not get the release.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from email.headerregistry import Address
from pathlib import Path
from typing import Callable, Iterable, Protocol

from .errors import Problem, SendError
from .headers import header_value_problem, make_address, parse_address
from .models import Release

__all__ = [
    "Mailer",
    "Recipient",
    "SendLog",
    "SendReport",
    "SmtpMailer",
    "parse_recipients",
    "send_release",
]


@dataclass(frozen=True, slots=True)
class Recipient:
    email: str
    name: str = ""

    @property
    def address(self) -> Address:
        return make_address(self.name, self.email)

    def __str__(self) -> str:
        return str(self.address)


def parse_recipients(spec: str) -> tuple[list[Recipient], list[Problem]]:
    """Recipients from "a@x.org, B <b@y.org>" or from a CSV file with an ``email`` column.

    Duplicates (ignoring case) are dropped; each bad entry is a located problem.
    """
    path = Path(spec)
    if path.suffix.lower() == ".csv" or path.is_file():
        return _from_csv(path)
    recipients: list[Recipient] = []
    problems: list[Problem] = []
    for index, item in enumerate(part.strip() for part in spec.split(",")):
        if not item:
            continue
        try:
            address = parse_address(item)
        except ValueError as exc:
            problems.append(Problem(None, 0, index + 1, f"--to: {exc}", code="recipient"))
            continue
        recipients.append(Recipient(address.addr_spec, address.display_name))
    return _unique(recipients), problems


def _from_csv(path: Path) -> tuple[list[Recipient], list[Problem]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], [Problem(path, 0, 0, "no such recipients file", code="recipient")]
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(path, 0, 0, f"cannot read the recipients file: {exc}", code="recipient")]
    reader = csv.DictReader(text.splitlines())
    columns = {name.strip().lower(): name for name in reader.fieldnames or []}
    if "email" not in columns:
        return [], [Problem(path, 1, 1, "the recipients file has no 'email' column",
                            "its first line names the columns, e.g. email,name", code="recipient")]
    recipients: list[Recipient] = []
    problems: list[Problem] = []
    for row in reader:
        line = reader.line_num
        email = (row.get(columns["email"]) or "").strip()
        name = (row.get(columns["name"]) or "").strip() if "name" in columns else ""
        if not email:
            continue
        why = header_value_problem(name)
        try:
            address = parse_address(email)
        except ValueError as exc:
            problems.append(Problem(path, line, 1, f"{exc}", code="recipient"))
            continue
        if why:
            problems.append(Problem(path, line, 1, f"the name {why}", code="recipient"))
            continue
        recipients.append(Recipient(address.addr_spec, name or address.display_name))
    return _unique(recipients), problems


def _unique(recipients: Iterable[Recipient]) -> list[Recipient]:
    seen: dict[str, Recipient] = {}
    for recipient in recipients:
        seen.setdefault(recipient.email.lower(), recipient)
    return list(seen.values())


class SendLog:
    """An append-only JSON-lines record of every delivery attempt."""

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())


class Mailer(Protocol):
    def connect(self) -> None: ...
    def send(self, sender: str, recipient: str, data: bytes) -> None: ...
    def close(self) -> None: ...


@dataclass
class SmtpMailer:
    """smtplib, with STARTTLS or implicit TLS and optional login."""

    host: str
    port: int
    starttls: bool = False
    tls: bool = False
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0
    connection: smtplib.SMTP | None = field(default=None, init=False, repr=False)

    def connect(self) -> None:
        self.close()
        context = ssl.create_default_context()
        if self.tls:
            connection: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        connection.ehlo()
        if self.starttls:
            connection.starttls(context=context)
            connection.ehlo()
        if self.user:
            connection.login(self.user, self.password or "")
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
    report = SendReport()
    source_hash = hashlib.sha256(release.origin.data or release.origin.text.encode()).hexdigest()[:16] \
        if release.origin else ""

    def record(recipient: Recipient, status: str, message_id: str = "", detail: str = "") -> None:
        if log is not None:
            log.append(time=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), release=release.name,
                       source=source_hash, recipient=recipient.email, status=status, message_id=message_id,
                       detail=detail)
        progress(f"{status:<8} {recipient}" + (f": {detail}" if detail else ""))

    connected = False
    for position, recipient in enumerate(recipients):
        if recipient.email.lower() in resume:
            report.skipped.append(recipient)
            continue
        sender, data, message_id = build_message(recipient)
        for attempt in (1, 2):
            try:
                if not connected:
                    mailer.connect()
                    connected = True
                mailer.send(sender, recipient.email, data)
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()))
                reason = f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"
                report.refused.append((recipient, reason))
                record(recipient, "refused", message_id, reason)
            except smtplib.SMTPSenderRefused as exc:
                reason = f"the server refused the sender: {exc.smtp_code} {exc.smtp_error!r}"
                _give_up(report, recipients[position:], reason, record, resume)
                return report
            except (smtplib.SMTPDataError, smtplib.SMTPNotSupportedError) as exc:
                reason = str(exc)
                report.failed.append((recipient, reason))
                record(recipient, "failed", message_id, reason)
            except smtplib.SMTPAuthenticationError as exc:
                _give_up(report, recipients[position:], f"login failed: {exc.smtp_code}", record, resume)
                return report
            except Connection as exc:
                connected = False
                mailer.close()
                if attempt == 1:
                    continue  # re-open the connection once and try this recipient again
                _give_up(report, recipients[position:], f"connection lost: {exc}", record, resume)
                return report
            else:
                report.sent.append(recipient)
                record(recipient, "sent", message_id)
            break
    mailer.close()
    return report


def _give_up(
    report: SendReport,
    remaining: list[Recipient],
    reason: str,
    record: Callable[..., None],
    resume: set[str] = frozenset(),  # type: ignore[assignment]
) -> None:
    for recipient in remaining:
        if recipient.email.lower() in resume:
            report.skipped.append(recipient)
            continue
        report.failed.append((recipient, reason))
        record(recipient, "failed", "", reason)
