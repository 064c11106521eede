"""Who a release's email is from: the press office, a contact, --from; and what happens without any of them.

Sending goes to a real SMTP server (aiosmtpd on 127.0.0.1), as in test_send.py.
"""

from __future__ import annotations

import dataclasses
import io
from email.message import EmailMessage
from pathlib import Path

import pytest

from pressrelease import Contact, RenderError, load, render_email
from pressrelease.cli import main

from helpers import REFERENCE
from test_send import Recorder, smtp  # noqa: F401 (the fixture)


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def headers(msg: EmailMessage) -> tuple[str, str]:
    return str(msg["From"]), str(msg["Reply-To"] or "")


def test_the_press_office_sends_and_the_contact_gets_the_replies() -> None:
    release = load(REFERENCE)
    office = dataclasses.replace(release.organisation, email="press@ipu.org")
    sent = render_email(dataclasses.replace(release, organisation=office))
    assert headers(sent) == ("Inter-Parliamentary Union <press@ipu.org>", "Jemini Pandya <jep@ipu.org>")


def test_the_press_office_alone_is_from_and_replies_without_a_reply_to() -> None:
    release = load(REFERENCE)
    office = dataclasses.replace(release.organisation, email="press@ipu.org")
    no_email = dataclasses.replace(release, organisation=office, contacts=(Contact(name="No Email"),))
    assert headers(render_email(no_email)) == ("Inter-Parliamentary Union <press@ipu.org>", "")


def test_from_the_command_line_replies_go_to_the_contact_else_the_office() -> None:
    release = load(REFERENCE)
    assert headers(render_email(release, sender="Desk <desk@ipu.org>")) == ("Desk <desk@ipu.org>",
                                                                            "Jemini Pandya <jep@ipu.org>")
    office = dataclasses.replace(release.organisation, email="press@ipu.org")
    no_email = dataclasses.replace(release, organisation=office, contacts=(Contact(name="No Email"),))
    assert headers(render_email(no_email, sender="desk@ipu.org")) == ("desk@ipu.org",
                                                                      "Inter-Parliamentary Union <press@ipu.org>")


def test_without_a_sender_a_program_asking_for_the_email_gets_an_error() -> None:
    release = dataclasses.replace(load(REFERENCE), contacts=(Contact(name="No Email"),))
    with pytest.raises(RenderError) as caught:
        render_email(release)
    (problem,) = caught.value.problems
    assert (problem.severity, problem.code) == ("error", "sender")
    assert "cannot be made" in problem.message and "email: press@example.org" in problem.hint


def no_sender(tmp_path: Path) -> Path:
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "organisation.yaml").write_text("name: Example\nwebsite: https://example.org\n", encoding="utf-8")
    path = folder / "release.md"
    path.write_text("---\nheadline: Example opens an office\ndateline: {city: Geneva, date: 2016-02-19}\n"
                    "contacts:\n  - name: Ada Example\n    phones: ['+41 22 000 00 00']\n---\nBody text.\n",
                    encoding="utf-8")
    return path


def test_send_refuses_a_release_without_a_sender(smtp: Recorder, tmp_path: Path) -> None:  # noqa: F811
    code, said = run("send", str(no_sender(tmp_path)), "--to", "ana@example.org", "--smtp", smtp.address,  # type: ignore[attr-defined]
                     "--yes", "--log", str(tmp_path / "log"))
    assert code == 1, said
    assert "release.md:4:1: error: the email cannot be made: it has no sender" in said
    assert "Traceback" not in said and smtp.messages == []


def test_build_and_check_warn_the_same_and_the_other_formats_build(tmp_path: Path) -> None:
    source = no_sender(tmp_path)
    checked = run("check", str(source))
    built = run("build", str(source), "-o", str(tmp_path / "out"))
    warning = "release.md:4:1: warning: the email is skipped: it has no sender"
    assert checked[0] == 0 and warning in checked[1]
    assert built[0] == 0 and warning in built[1]
    assert sorted(p.suffix for p in (tmp_path / "out").glob("release.*")) == [".html", ".pdf", ".txt"]


def test_a_stale_email_is_removed_when_the_sender_goes(tmp_path: Path) -> None:
    source = no_sender(tmp_path)
    org = source.parent / "organisation.yaml"
    org.write_text(org.read_text(encoding="utf-8") + "email: press@example.org\n", encoding="utf-8")
    assert run("build", str(source), "-o", str(tmp_path / "out"))[0] == 0
    assert (tmp_path / "out" / "release.eml").exists()
    org.write_text("name: Example\nwebsite: https://example.org\n", encoding="utf-8")
    assert run("build", str(source), "-o", str(tmp_path / "out"))[0] == 0
    assert not (tmp_path / "out" / "release.eml").exists()


def test_build_and_send_warn_when_the_embargo_has_passed(smtp: Recorder, tmp_path: Path) -> None:  # noqa: F811
    source = no_sender(tmp_path)
    source.write_text(source.read_text(encoding="utf-8").replace(
        "contacts:", "embargo: 2016-02-19 10:00 Europe/Zurich\ncontacts:").replace(
        "    phones:", "    email: ada@example.org\n    phones:"), encoding="utf-8")
    expected = "release.md:4:1: warning: the embargo lifted on 2016-02-19 10:00 Europe/Zurich"
    built = run("build", str(source), "-o", str(tmp_path / "out"))
    assert built[0] == 0 and expected in built[1]
    sent = run("send", str(source), "--to", "ana@example.org", "--smtp", smtp.address,  # type: ignore[attr-defined]
               "--log", str(tmp_path / "log"))
    assert sent[0] == 0 and expected in sent[1]
