"""Hardening of `pressrelease send`: the recipients CSV, recipient names, and where the send log goes."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pressrelease.cli import main
from pressrelease.delivery import parse_recipients

from helpers import REFERENCE
from test_send import Recorder, smtp  # noqa: F401 (the real SMTP server fixture)


def send(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["send", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "press-list.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("brk", ["\r\n", "\n", "\r", "\u2028", "\u2029", "\x85", "\x0b"])
def test_a_line_break_inside_a_quoted_field_is_located_and_nothing_is_sent(
        smtp: Recorder, tmp_path: Path, brk: str) -> None:  # noqa: F811
    path = write_csv(tmp_path, f'email,name\n"f@example.org{brk}Bcc: g@evil.example",F\n'
                               "ana@example.org,Ana\nnot-an-address,Bo\n")
    code, _, err = send(str(REFERENCE), "--to", str(path), "--smtp", smtp.address, "--yes",  # type: ignore[attr-defined]
                        "--log", str(tmp_path / "log"))
    assert code == 1
    assert f"{path.name}:2:1: error: field 1 holds a line break (U+{ord(brk[0]):04X})" in err
    # the breaks the csv module counts as lines (CR, LF, CRLF) move later rows down by one; the others do not
    later = 5 if brk in ("\r\n", "\n", "\r") else 4
    assert f"{path.name}:{later}:1: error: 'not-an-address' is not an email address" in err
    assert "f@example.orgBcc" not in err
    assert smtp.messages == []
    assert not (tmp_path / "log").exists()


def test_located_problems(tmp_path: Path) -> None:
    path = write_csv(tmp_path, 'name,email\n"Souza,\nAna",a@example.org\nBo,bo@example.org,extra\n,\nCy,\n'
                               'De\x00,d@example.org\nEd,"e@example.org"x\nok,ok@example.org\n')
    recipients, problems = parse_recipients(str(path))
    assert [r.email for r in recipients] == ["ok@example.org"]  # `send` sends nothing while there are problems
    where = [(p.line, p.col, p.message.split(" (")[0]) for p in problems]
    assert where == [
        (2, 1, "field 1 holds a line break"),
        (4, 19, "this row has 3 fields; the first line names 2 columns"),
        (6, 4, "this row has no address in the 'email' column"),
        (7, 1, "the name contains a line break or control character"),
        (8, 1, "this record is not valid CSV: ',' expected after '\"'"),
    ]
    assert all(p.hint for p in problems)


def test_bidi_control_in_a_recipient_name_is_refused(smtp: Recorder, tmp_path: Path) -> None:  # noqa: F811
    path = write_csv(tmp_path, "email,name\nana@example.org,Ana\nbo@example.org,\"Bo \u202egro.live@evil\"\n")
    code, _, err = send(str(REFERENCE), "--to", str(path), "--smtp", smtp.address, "--yes",  # type: ignore[attr-defined]
                        "--log", str(tmp_path / "log"))
    assert code == 1
    assert f"{path.name}:3:16: error: the name contains a bidirectional control character (U+202E)" in err
    assert smtp.messages == []
    for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        recipients, problems = parse_recipients(f"Ana{char} <ana@example.org>, bo@example.org")
        assert [r.email for r in recipients] == ["bo@example.org"]
        assert "bidirectional control character" in problems[0].message and problems[0].hint
    recipients, problems = parse_recipients("\u05d0\u05e0\u05d4\u200f <ana@example.org>")  # a mark reorders nothing
    assert problems == [] and recipients[0].name == "\u05d0\u05e0\u05d4\u200f"


def test_encoding_errors_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(b"\xef\xbb\xbfemail,name\r\nana@example.org,Ana\r\nb\xff@example.org,Bo\r\n")
    recipients, problems = parse_recipients(str(path))
    assert [(p.line, p.col) for p in problems] == [(3, 2)] and "not UTF-8" in problems[0].message
    path.write_bytes(b"\xef\xbb\xbfemail,name\r\nana@example.org,Ana\r\n")
    recipients, problems = parse_recipients(str(path))
    assert problems == [] and recipients[0].name == "Ana"


def test_a_semicolon_file_gets_a_hint(tmp_path: Path) -> None:
    _, problems = parse_recipients(str(write_csv(tmp_path, "email;name\na@example.org;A\n")))
    assert problems[0].message == "the recipients file has no 'email' column" and "commas" in problems[0].hint


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=12), st.text(max_size=12)), max_size=6))
def test_any_csv_is_recipients_or_located_problems(tmp_path_factory, rows) -> None:  # type: ignore[no-untyped-def]
    import csv

    path = tmp_path_factory.mktemp("csv") / "list.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "name"])
        writer.writerows(rows)
    lines = path.read_text(encoding="utf-8").count("\n") + 1
    recipients, problems = parse_recipients(str(path))
    for problem in problems:
        assert 1 <= problem.line <= lines and problem.col >= 1 and problem.hint
    for recipient in recipients:
        assert str(recipient.address).count("\n") == 0 and "\r" not in str(recipient.address)


def git_status(folder: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=folder,
                          capture_output=True, text=True, check=True).stdout


def test_send_from_a_checkout_leaves_no_file_in_it(smtp: Recorder, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    checkout, state = tmp_path / "checkout", tmp_path / "state"
    checkout.mkdir()
    subprocess.run(["git", "init", "-q", str(checkout)], check=True)
    monkeypatch.chdir(checkout)
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    code, out, err = send(str(REFERENCE), "--to", "a@example.org,b@example.org", "--smtp",
                          smtp.address, "--yes")  # type: ignore[attr-defined]
    assert code == 0, err
    assert git_status(checkout) == ""
    log = state / "pressrelease" / "send-logs" / "2016-02-19-ipu-cambodia-mission.send-log.jsonl"
    assert f"log: {log}" in out and log.read_text(encoding="utf-8").count('"status": "sent"') == 2
    assert log.stat().st_mode & 0o077 == 0  # it lists the press list: its owner's only
    code, out, _ = send(str(REFERENCE), "--to", "a@example.org,b@example.org,c@example.org", "--smtp",
                        smtp.address, "--yes", "--resume", str(log))  # type: ignore[attr-defined]
    assert code == 0 and "1 sent, 0 refused, 0 failed, 2 skipped (already sent)" in out
    assert git_status(checkout) == ""


def test_build_clean_leaves_the_send_log(smtp: Recorder, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    dist = tmp_path / "dist"
    build = ["build", str(REFERENCE), "--out", str(dist), "-f", "html", "-q"]
    assert main(build, out=io.StringIO(), err=io.StringIO()) == 0
    monkeypatch.chdir(dist)  # sending from inside the output folder
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    code, out, err = send(str(REFERENCE), "--to", "a@example.org", "--smtp", smtp.address, "--yes")  # type: ignore[attr-defined]
    assert code == 0, err
    log = Path(out.split("log: ")[1].splitlines()[0])
    assert log.is_file() and not log.is_relative_to(dist)
    assert main([*build, "--clean"], out=io.StringIO(), err=io.StringIO()) == 0
    assert log.is_file()
    assert sorted(p.name for p in dist.iterdir() if p.suffix == ".jsonl") == []


def test_the_default_log_folder_follows_xdg(monkeypatch) -> None:
    from pressrelease.delivery import log_folder

    assert log_folder({"XDG_STATE_HOME": "/srv/state"}) == Path("/srv/state/pressrelease/send-logs")
    assert log_folder({"XDG_STATE_HOME": "relative"}) == Path.home() / ".local/state/pressrelease/send-logs"
    assert log_folder({}) == Path.home() / ".local/state/pressrelease/send-logs"


def test_a_password_is_never_sent_in_clear_over_a_network(smtp: Recorder, monkeypatch, capsys) -> None:  # noqa: F811
    monkeypatch.setenv("PRESSRELEASE_SMTP_PASSWORD", "s3cret")
    code, _, err = send(str(REFERENCE), "--to", "a@example.org", "--smtp", "smtp.example.org:587", "--user", "press")
    assert code == 2 and "would send the password in clear to smtp.example.org" in err
    code, _, err = send(str(REFERENCE), "--to", "a@example.org", "--smtp", "smtp.example.org:587", "--user", "press",
                        "--starttls", "--ssl")
    assert code == 2 and "not allowed with argument" in capsys.readouterr().err
    # this machine's own server may take a login without TLS (a local relay)
    code, out, _ = send(str(REFERENCE), "--to", "a@example.org", "--smtp", smtp.address, "--user", "press")  # type: ignore[attr-defined]
    assert code == 0 and "Dry run" in out


def test_the_servers_words_cannot_forge_output(smtp: Recorder, tmp_path: Path) -> None:  # noqa: F811
    original = smtp.handle_RCPT

    async def refuse(server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address == "bo@example.org":
            return "550 no such mailbox\x1b[2J\x1b]0;pwned\x07"
        return await original(server, session, envelope, address, rcpt_options)

    smtp.handle_RCPT = refuse  # type: ignore[method-assign]
    code, out, _ = send(str(REFERENCE), "--to", "a@example.org,bo@example.org", "--smtp", smtp.address,  # type: ignore[attr-defined]
                        "--yes", "--log", str(tmp_path / "log"))
    assert code == 1 and "\x1b" not in out and "\x07" not in out
    assert "refused  bo@example.org: 550 no such mailbox\\u001b[2J" in out
