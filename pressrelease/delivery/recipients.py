"""Who a release is sent to: addresses from the command line or a CSV file, checked like headers."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from email.headerregistry import Address
from pathlib import Path
from typing import Iterable

from ..errors import Problem
from ..formats.email.headers import header_value_problem, make_address, parse_address

__all__ = ["Recipient", "parse_recipients"]


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
