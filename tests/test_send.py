"""`pressrelease send` against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import io
import json
import socket
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from pressrelease import load, render_pdf
from pressrelease.cli import main
from pressrelease.delivery import parse_recipients

from helpers import REFERENCE


class Recorder:
    """An SMTP handler that keeps what it receives and can refuse or hang up."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse: set[str] = set()
        self.drop_next = 0  # hang up on this many of the next RCPT commands
        self.dead = False  # hang up on every RCPT

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if self.dead or self.drop_next:
            self.drop_next = max(0, self.drop_next - 1)
            server.transport.close()
            return "421 4.3.0 going away"
        if address.lower() in self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def authenticate(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
    ok = (auth_data.login, auth_data.password) == (b"press", b"s3cret")
    return AuthResult(success=ok, handled=ok)  # handled=False makes aiosmtpd answer 535 on failure


@pytest.fixture
def smtp():  # type: ignore[no-untyped-def]
    handler = Recorder()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(),
                            authenticator=authenticate, auth_require_tls=False)
    controller.start()
    handler.address = f"127.0.0.1:{controller.port}"  # type: ignore[attr-defined]
    yield handler
    controller.stop()


def send(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["send", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def recipients_csv(tmp_path: Path) -> Path:
    path = tmp_path / "press-list.csv"
    path.write_text("email,name\nana@example.org,Ana Souza\nbo@example.net,Bo Chen\n"
                    "chan@example.com,សុខ ចាន់\nANA@example.org,Duplicate Ana\n", encoding="utf-8")
    return path


def parsed(data: bytes):  # type: ignore[no-untyped-def]
    return BytesParser(policy=policy.default).parsebytes(data)


def test_dry_run_sends_nothing(smtp: Recorder, recipients_csv: Path, tmp_path: Path) -> None:
    code, out, _ = send(str(REFERENCE), "--to", str(recipients_csv), "--smtp", smtp.address,  # type: ignore[attr-defined]
                        "--log", str(tmp_path / "log"))
    assert code == 0
    assert "Dry run: would send 3 message(s)" in out
    assert "  Ana Souza <ana@example.org>" in out
    assert "Subject: IPU Cambodia mission urges dialogue to resolve MPs’ cases" in out
    assert "HTML part" in out
    assert smtp.messages == []
    assert not (tmp_path / "log").exists()


def test_one_message_per_recipient(smtp: Recorder, recipients_csv: Path, tmp_path: Path) -> None:
    log = tmp_path / "send.jsonl"
    code, out, err = send(str(REFERENCE), "--to", str(recipients_csv), "--smtp", smtp.address,  # type: ignore[attr-defined]
                          "--attach-pdf", "--yes", "--log", str(log))
    assert code == 0, err
    assert out.strip().endswith(f"3 sent, 0 refused, 0 failed; log: {log}")
    everyone = ["ana@example.org", "bo@example.net", "chan@example.com"]
    assert sorted(rcpts[0] for _, rcpts, _ in smtp.messages) == everyone
    pdf = render_pdf(load(REFERENCE))
    message_ids = set()
    for mail_from, rcpts, data in smtp.messages:
        assert mail_from == "jep@ipu.org"
        assert len(rcpts) == 1
        msg = parsed(data)
        assert msg["To"].addresses[0].addr_spec == rcpts[0]
        for other in set(everyone) - set(rcpts):
            assert other.encode() not in data.lower()  # the list never shows
        assert msg["Subject"] == "IPU Cambodia mission urges dialogue to resolve MPs’ cases"
        assert msg["Date"] != "Fri, 19 Feb 2016 00:00:00 +0000"  # the send time
        assert next(msg.iter_attachments()).get_content() == pdf
        message_ids.add(msg["Message-ID"])
    assert len(message_ids) == 3
    chan = parsed(next(d for _, r, d in smtp.messages if r == ["chan@example.com"]))
    assert chan["To"].addresses[0].display_name == "សុខ ចាន់"
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(e["recipient"], e["status"]) for e in entries] == [(r, "sent") for r in everyone]
    assert all(e["release"] == "2016-02-19-ipu-cambodia-mission" and e["message_id"] for e in entries)


def test_refused_recipient_does_not_stop_the_rest(smtp: Recorder, tmp_path: Path) -> None:
    smtp.refuse = {"bo@example.net"}
    code, out, _ = send(str(REFERENCE), "--to", "ana@example.org, bo@example.net, chan@example.com",
                        "--smtp", smtp.address, "--yes", "--log", str(tmp_path / "log"))  # type: ignore[attr-defined]
    assert code == 1
    assert sorted(r[0] for _, r, _ in smtp.messages) == ["ana@example.org", "chan@example.com"]
    assert "refused  bo@example.net: 550 5.1.1 no such mailbox here" in out
    assert "2 sent, 1 refused, 0 failed" in out


def test_dropped_connection_is_reopened(smtp: Recorder, tmp_path: Path) -> None:
    smtp.drop_next = 0
    addresses = "a@example.org,b@example.org,c@example.org"
    original = smtp.handle_RCPT
    calls = {"n": 0}

    async def drop_second(server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            server.transport.close()
            return "421 going away"
        return await original(server, session, envelope, address, rcpt_options)

    smtp.handle_RCPT = drop_second  # type: ignore[method-assign]
    code, out, _ = send(str(REFERENCE), "--to", addresses, "--smtp", smtp.address, "--yes",  # type: ignore[attr-defined]
                        "--log", str(tmp_path / "log"))
    assert code == 0, out
    assert [r[0] for _, r, _ in smtp.messages] == ["a@example.org", "b@example.org", "c@example.org"]


def test_outage_then_resume(smtp: Recorder, tmp_path: Path) -> None:
    log = tmp_path / "send.jsonl"
    addresses = "a@example.org,b@example.org,c@example.org"
    original = smtp.handle_DATA

    async def die_after_first(server, session, envelope):  # type: ignore[no-untyped-def]
        result = await original(server, session, envelope)
        smtp.dead = True
        return result

    smtp.handle_DATA = die_after_first  # type: ignore[method-assign]
    code, out, _ = send(str(REFERENCE), "--to", addresses, "--smtp", smtp.address, "--yes", "--log", str(log))  # type: ignore[attr-defined]
    assert code == 1
    assert "1 sent, 0 refused, 2 failed" in out
    assert [r[0] for _, r, _ in smtp.messages] == ["a@example.org"]

    smtp.dead = False
    smtp.handle_DATA = original  # type: ignore[method-assign]
    code, out, _ = send(str(REFERENCE), "--to", addresses, "--smtp", smtp.address, "--yes", "--resume", str(log))  # type: ignore[attr-defined]
    assert code == 0, out
    assert [r[0] for _, r, _ in smtp.messages] == ["a@example.org", "b@example.org", "c@example.org"]
    assert "2 sent, 0 refused, 0 failed, 1 skipped (already sent)" in out
    statuses = [json.loads(line)["status"] for line in log.read_text(encoding="utf-8").splitlines()]
    assert statuses == ["sent", "failed", "failed", "sent", "sent"]


def test_login_with_password_from_the_environment(smtp: Recorder, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PRESSRELEASE_SMTP_PASSWORD", "s3cret")
    code, out, _ = send(str(REFERENCE), "--to", "a@example.org", "--smtp", smtp.address,  # type: ignore[attr-defined]
                        "--user", "press", "--yes", "--log", str(tmp_path / "log"))
    assert code == 0, out
    assert len(smtp.messages) == 1
    monkeypatch.setenv("PRESSRELEASE_SMTP_PASSWORD", "wrong")
    code, out, _ = send(str(REFERENCE), "--to", "a@example.org", "--smtp", smtp.address,  # type: ignore[attr-defined]
                        "--user", "press", "--yes", "--log", str(tmp_path / "log2"))
    assert code == 1
    assert "login failed" in out
    assert len(smtp.messages) == 1


def test_password_is_never_an_option(capsys) -> None:
    assert main(["send", str(REFERENCE), "--to", "a@example.org", "--smtp", "h:25", "--password", "x"]) == 2
    assert "unrecognized arguments: --password" in capsys.readouterr().err


def test_bad_recipients_are_located(smtp: Recorder, tmp_path: Path) -> None:
    bad = tmp_path / "list.csv"
    bad.write_text("name,email\nAna,ana@example.org\nBo,not-an-address\n", encoding="utf-8")
    code, _, err = send(str(REFERENCE), "--to", str(bad), "--smtp", smtp.address, "--yes")  # type: ignore[attr-defined]
    assert code == 1
    assert f"{bad.name}:3:4: error: 'not-an-address' is not an email address" in err
    assert smtp.messages == []


def test_recipient_parsing() -> None:
    recipients, problems = parse_recipients("Ana Souza <ana@example.org>, bo@example.net, ANA@example.org")
    assert [(r.email, r.name) for r in recipients] == [("ana@example.org", "Ana Souza"), ("bo@example.net", "")]
    assert problems == []
    _, problems = parse_recipients("ok@example.org, nope")
    assert problems[0].message.startswith("--to: 'nope' is not an email address")
    recipients, problems = parse_recipients("missing.csv")
    assert problems[0].message == "no such recipients file"


def test_resume_log_must_exist(smtp: Recorder, tmp_path: Path) -> None:
    code, _, err = send(str(REFERENCE), "--to", "a@example.org", "--smtp", smtp.address,  # type: ignore[attr-defined]
                        "--yes", "--resume", str(tmp_path / "typo.jsonl"))
    assert code == 1 and "no such send log" in err
    assert smtp.messages == []


def test_already_sent_are_skipped_even_when_login_fails(smtp: Recorder, tmp_path: Path, monkeypatch) -> None:
    log = tmp_path / "log.jsonl"
    monkeypatch.setenv("PRESSRELEASE_SMTP_PASSWORD", "s3cret")
    send(str(REFERENCE), "--to", "a@example.org", "--smtp", smtp.address, "--user", "press", "--yes",  # type: ignore[attr-defined]
         "--log", str(log))
    monkeypatch.setenv("PRESSRELEASE_SMTP_PASSWORD", "wrong")
    code, out, _ = send(str(REFERENCE), "--to", "b@example.org,a@example.org", "--smtp", smtp.address,  # type: ignore[attr-defined]
                        "--user", "press", "--yes", "--resume", str(log))
    assert code == 1
    assert "0 sent, 0 refused, 1 failed, 1 skipped (already sent)" in out
