"""Delivery: sending a release to a press list (``recipients``, ``smtp``, and ``mailing`` tying them together)."""

from __future__ import annotations

from .mailing import Mailing, parse_server, smtp_password
from .recipients import Recipient, parse_recipients
from .smtp import Mailer, SendLog, SendReport, Server, SmtpMailer, log_folder, send_release

__all__ = ["Mailer", "Mailing", "Recipient", "SendLog", "SendReport", "Server", "SmtpMailer", "log_folder", "parse_recipients",
           "parse_server", "send_release", "smtp_password"]
