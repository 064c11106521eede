"""Who a release is sent to: addresses from the command line or a CSV file, checked like headers."""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from pathlib import Path
from typing import Iterable

from ..errors import Problem
from ..formats.email.headers import make_address, parse_address
from ..rules import display_name_problem, header_text_problem
from .csvfile import Record, read_records

__all__ = ["MAX_RECIPIENTS", "Recipient", "parse_recipients"]

#: The most recipients one mailing takes (a CSV file's rows, or the addresses given to --to).
MAX_RECIPIENTS = 100_000



@dataclass(frozen=True, slots=True)
class Recipient:
    email: str
    name: str = ""

    @property
    def address(self) -> Address:
        return make_address(self.name, self.email)

    def __str__(self) -> str:
        return str(self.address)


def name_problem(name: str) -> tuple[str, str]:
    """(why, hint) if ``name`` may not be a recipient's display name in the To header, else ("", "")."""
    why, hint = display_name_problem(name)  # the rule every display name follows (bidi controls among it)
    return (f"the name {why}", hint) if why else ("", "")


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
            hint = header_text_problem(item)[1] or "write name@example.org or Name <name@example.org>"
            problems.append(Problem(None, 0, index + 1, f"--to: {exc}", hint, code="recipient"))
            continue
        why, hint = name_problem(address.display_name)
        if why:
            problems.append(Problem(None, 0, index + 1, f"--to: {why}", hint, code="recipient"))
            continue
        recipients.append(Recipient(address.addr_spec, address.display_name))
    return _unique(recipients), problems


def _from_csv(path: Path) -> tuple[list[Recipient], list[Problem]]:
    records, problems = read_records(path)
    records = [r for r in records if any(field.strip() for field in r.fields)]
    if not records:
        return [], problems or [Problem(path, 1, 1, "the recipients file is empty",
                                        "its first line names the columns, e.g. email,name", code="recipient")]
    header, rows = records[0], records[1:]
    columns, header_problems = _columns(path, header)
    if header_problems:
        return [], problems + header_problems
    if len(rows) > MAX_RECIPIENTS:
        return [], problems + [Problem(path, rows[MAX_RECIPIENTS].line, 1,
                                       f"the recipients file has more than {MAX_RECIPIENTS} rows",
                                       "split the list into several files", code="recipient")]
    recipients: list[Recipient] = []
    for row in rows:
        if row.broken:
            continue
        recipient, row_problems = _row(path, row, columns, len(header.fields))
        problems.extend(row_problems)
        if recipient is not None:
            recipients.append(recipient)
    return _unique(recipients), sorted(problems, key=Problem.sort_key)


def _columns(path: Path, header: Record) -> tuple[dict[str, int], list[Problem]]:
    """The index of the 'email' and 'name' columns, or why the header names none."""
    columns: dict[str, int] = {}
    problems = []
    for index, name in enumerate(field.strip().lower() for field in header.fields):
        if name in ("email", "name") and name in columns:
            line, col = header.at(index)
            problems.append(Problem(path, line, col, f"the recipients file has two '{name}' columns",
                                    "keep one, or rename the other", code="recipient"))
        columns.setdefault(name, index)
    if "email" not in columns and not problems:
        hint = "its first line names the columns, e.g. email,name"
        if any(";" in field or "\t" in field for field in header.fields):
            hint = "columns are separated by commas (save the sheet as CSV with commas, not semicolons or tabs)"
        problems.append(Problem(path, header.line, 1, "the recipients file has no 'email' column", hint,
                                code="recipient"))
    return columns, problems


def _row(path: Path, row: Record, columns: dict[str, int], width: int) -> tuple[Recipient | None, list[Problem]]:
    """The recipient a data row names, or the problems with it (a field holding a line break is already one)."""
    def cell(column: str) -> str:
        index = columns.get(column, len(row.fields))
        return row.fields[index].strip() if index < len(row.fields) else ""

    def problem(index: int, message: str, hint: str = "") -> Problem:
        line, col = row.at(index)
        return Problem(path, line, col, message, hint, code="recipient")

    extra = next((i for i in range(width, len(row.fields)) if row.fields[i].strip()), None)
    if extra is not None:
        return None, [problem(extra, f"this row has {len(row.fields)} fields; the first line names {width} columns",
                              'quote a field that holds a comma: "Souza, Ana"')]
    email, name = cell("email"), cell("name")
    if not email:
        return None, [problem(columns["email"], "this row has no address in the 'email' column",
                              "fill it in or delete the row")]
    problems = []
    try:
        address = parse_address(email)
    except ValueError as exc:
        problems.append(problem(columns["email"], str(exc), "one address per row, such as name@example.org"))
    else:
        name = name or address.display_name
        why, hint = name_problem(name)
        if why:
            problems.append(problem(columns["name"] if cell("name") else columns["email"], why, hint))
    if problems:
        return None, problems
    return Recipient(address.addr_spec, name), []


def _unique(recipients: Iterable[Recipient]) -> list[Recipient]:
    seen: dict[str, Recipient] = {}
    for recipient in recipients:
        seen.setdefault(recipient.email.lower(), recipient)
    return list(seen.values())
