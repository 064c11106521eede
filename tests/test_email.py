"""The MIME email, parsed back with the standard library."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as html_module
import re
import socket
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pressrelease import Contact, Embargo, Release, RenderError, SourceError, load, render_email, render_text
from pressrelease.errors import ModelError
from pressrelease.formats import RenderOptions
from pressrelease.formats.session import RenderSession
from pressrelease.formats.email.renderer import GMAIL_CLIP_BYTES

from helpers import MINIMAL, RIVERSIDE, FormatRenderer, assert_in_order, seed_parts


def eml(release: Release, theme, **options) -> bytes:  # type: ignore[no-untyped-def]
    return FormatRenderer("eml", RenderOptions(**options)).render(release)  # type: ignore[return-value]


def parse(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)  # type: ignore[return-value]


def shape(part) -> object:  # type: ignore[no-untyped-def]
    if part.is_multipart():
        return (part.get_content_type(), [shape(child) for child in part.iter_parts()])
    return part.get_content_type()


@pytest.fixture(scope="module")
def reference_eml(reference: Release, theme) -> bytes:  # type: ignore[no-untyped-def]
    return eml(reference, theme, attach_pdf=True)


def test_structure_with_the_pdf(reference_eml: bytes, reference: Release, pdf_renderer) -> None:  # type: ignore[no-untyped-def]
    msg = parse(reference_eml)
    assert shape(msg) == ("multipart/mixed", [
        ("multipart/alternative", ["text/plain", ("multipart/related", ["text/html", "image/jpeg"])]),
        "application/pdf",
    ])
    attachment = next(msg.iter_attachments())
    assert attachment.get_filename() == "2016-02-19-ipu-cambodia-mission.pdf"
    assert attachment.get_content() == pdf_renderer.render(reference)


def test_structure_without_the_pdf(reference: Release, theme) -> None:  # type: ignore[no-untyped-def]
    msg = parse(eml(reference, theme))
    assert shape(msg) == ("multipart/alternative", ["text/plain", ("multipart/related", ["text/html", "image/jpeg"])])


def test_headers(reference_eml: bytes) -> None:
    msg = parse(reference_eml)
    assert msg["Subject"] == "IPU Cambodia mission urges dialogue to resolve MPs’ cases"
    assert msg["From"] == "Jemini Pandya <jep@ipu.org>"
    assert msg["Reply-To"] is None  # the sender is the contact
    assert msg["To"] is None  # a built message is addressed when it is sent
    assert msg["Date"] == "Fri, 19 Feb 2016 00:00:00 +0000"
    assert re.fullmatch(r"<20160219\.[0-9a-f]{16}@ipu\.org>", msg["Message-ID"])
    assert socket.gethostname() not in msg["Message-ID"]
    assert msg["Content-Language"] == "en-GB"
    assert msg["MIME-Version"] == "1.0"


def test_from_option_keeps_replies_with_the_contact(reference: Release, theme) -> None:  # type: ignore[no-untyped-def]
    msg = parse(eml(reference, theme, from_address="IPU Press <press@ipu.org>"))
    assert msg["From"] == "IPU Press <press@ipu.org>"
    assert msg["Reply-To"] == "Jemini Pandya <jep@ipu.org>"


def test_embargo_in_subject_and_date(theme) -> None:  # type: ignore[no-untyped-def]
    msg = parse(eml(load(RIVERSIDE), theme))
    assert msg["Subject"] == ("EMBARGOED until 09:00 UTC+07:00, 10 March 2016: "
                              "Riverside Literacy Fund opens 40 village libraries across Cambodia")
    assert msg["Date"] == "Thu, 10 Mar 2016 09:00:00 +0700"


def test_every_seed_part_in_text_and_html(reference_eml: bytes) -> None:
    msg = parse(reference_eml)
    assert_in_order(seed_parts(), msg.get_body(("plain",)).get_content())
    page = msg.get_body(("html",)).get_content()
    body = page[page.index("<body"):]
    assert_in_order(seed_parts(), html_module.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_text_part(reference_eml: bytes, reference: Release) -> None:
    msg = parse(reference_eml)
    part = msg.get_body(("plain",))
    assert part["Content-Transfer-Encoding"] == "quoted-printable"
    assert part.get_content_charset() == "utf-8"
    text = part.get_content().replace("\r\n", "\n")
    assert text == render_text(reference) + "\n-- \nInter-Parliamentary Union\nhttps://www.ipu.org\n"
    contact = ["IPU, Jemini Pandya, Director of Communications",
               "Tel: +41 22 919 41 58 / +41 79 217 33 74", "email: jep@ipu.org"]
    lines = text.split("\n")
    start = lines.index(contact[0])
    assert lines[start:start + 3] == contact
    assert start < lines.index("-- ")


def test_no_line_on_the_wire_is_longer_than_78(reference_eml: bytes, theme) -> None:  # type: ignore[no-untyped-def]
    for data in (reference_eml, eml(load(RIVERSIDE), theme)):
        assert max(len(line) for line in data.split(b"\r\n")) <= 78
        assert b"\n" not in data.replace(b"\r\n", b"")


def test_html_part_is_made_for_mail_clients(reference_eml: bytes) -> None:
    msg = parse(reference_eml)
    page = msg.get_body(("html",)).get_content()
    assert "<script" not in page
    assert 'width="600"' in page and "max-width: 600px" in page
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(styles) == 1 and styles[0].strip().startswith("@media")
    assert 'class="headline" style="' in page  # CSS inlined
    for src in re.findall(r'<img[^>]+src="([^"]+)"', page):
        assert src.startswith("cid:")
        assert any(part["Content-ID"] == f"<{src[4:]}>" for part in msg.walk())
    image = next(p for p in msg.walk() if p.get_content_type() == "image/jpeg")
    assert image.get_content_disposition() == "inline"
    assert image.get_filename() == "placeholder-ipu-cambodia-mission.jpg"


def test_large_html_part_warns(reference: Release) -> None:
    session = RenderSession(RenderOptions())
    assert session.job(reference, ["eml"]).warnings == []
    long = dataclasses.replace(reference, body=reference.body * 40)
    warnings = session.job(long, ["eml"]).warnings
    assert len(warnings) == 1
    assert warnings[0].severity == "warning"
    assert "Gmail clips" in warnings[0].message
    assert GMAIL_CLIP_BYTES == 100_000


def test_reproducible(reference: Release, theme) -> None:  # type: ignore[no-untyped-def]
    assert eml(reference, theme) == eml(reference, theme)


@pytest.mark.parametrize(
    ("headline", "name", "filename"),
    [
        ("សហភាពអន្តរសភា បើកបណ្ណាល័យ", "សុខ ចាន់", "រូបភាព.jpg"),
        ("الاتحاد البرلماني الدولي يفتح مكتبة", "أمل داود", "صورة.jpg"),
        ("Amélie’s «déjà vu» — 100 % réussi", "Amélie Dubois", "écoles-photo.jpg"),
        # long enough to be folded: the standard library's own folding would add a space here
        ("Variant 1 of the IPU Cambodia mission urges dialogue to resolve MPs’ cases", "Jemini Pandya", "a.jpg"),
    ],
)
def test_any_script_round_trips(reference: Release, theme, tmp_path: Path, headline: str, name: str,  # type: ignore[no-untyped-def]
                                filename: str) -> None:
    photo = tmp_path / filename
    photo.write_bytes(reference.photos[0].file.read_bytes())
    release = dataclasses.replace(
        reference, headline=headline, base_dir=tmp_path,
        photos=(dataclasses.replace(reference.photos[0], file=photo),),
        contacts=(Contact(name=name, email="press@example.org"),))
    data = eml(release, theme)
    head = data.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # every header is 7-bit: RFC 2047 encoded words
    msg = parse(data)
    assert msg["Subject"] == headline
    assert msg["From"].addresses[0].display_name == name
    image = next(p for p in msg.walk() if p.get_content_maintype() == "image")
    assert image.get_filename() == filename  # RFC 2231


def unchecked(model, **changes):  # type: ignore[no-untyped-def]
    """A copy of ``model`` with values its constructor would refuse: for the renderers' own checks."""
    copy = dataclasses.replace(model)
    for name, value in changes.items():
        object.__setattr__(copy, name, value)
    return copy


@pytest.mark.parametrize(
    "headline",
    ["Hi\nBcc: victim@example.org", "Hi\r\nBcc: victim@example.org", "Hi\u2028Bcc: x@example.org", "Hi\n",
     "Hi=?UTF-8?Q?=0A?=Bcc: evil@example.org", "Tab\x0bhere"],
)
def test_header_injection_is_refused(reference: Release, theme, headline: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ModelError, match="headline"):  # the model refuses it first...
        dataclasses.replace(reference, headline=headline)
    with pytest.raises(RenderError) as caught:  # ... and the email's own check still would
        eml(unchecked(reference, headline=headline), theme)
    problem = caught.value.problems[0]
    assert problem.message.startswith("headline ")
    assert "cannot be put in an email header" in problem.message
    assert (problem.line, problem.col) == (6, 1)  # the headline's line in the reference source


def test_header_injection_in_a_name_is_refused(reference: Release, theme) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ModelError, match="Contact.name"):
        Contact(name="A\r\nBcc: x@example.org", email="a@b.org")
    contact = unchecked(Contact(name="A", email="a@b.org"), name="A\r\nBcc: x@example.org")
    release = dataclasses.replace(reference, contacts=(contact,))
    with pytest.raises(RenderError, match="contacts"):
        eml(release, theme)


def test_encoded_words_are_refused_at_check_time(write_release) -> None:
    path = write_release(MINIMAL.replace("Example opens a new office", '"Hi =?UTF-8?Q?=0A?=Bcc: evil@example.org"'))
    with pytest.raises(SourceError) as caught:
        load(path)
    assert "encoded word" in caught.value.problems[0].message
    assert caught.value.problems[0].line == 2


def test_bad_from_address(reference: Release, theme) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RenderError, match="--from"):
        eml(reference, theme, from_address="not an address")


def test_no_sender(reference: Release, theme) -> None:  # type: ignore[no-untyped-def]
    release = dataclasses.replace(reference, contacts=(Contact(name="No Email"),))
    with pytest.raises(RenderError, match="has no sender"):
        eml(release, theme)


def test_library_function(reference: Release) -> None:
    msg = render_email(reference, sender="press@ipu.org")
    assert isinstance(msg, EmailMessage)
    assert msg["From"] == "press@ipu.org"
    assert msg.get_body(("plain",)) is not None


def test_french_embargo_subject(reference: Release, theme) -> None:  # type: ignore[no-untyped-def]
    release = dataclasses.replace(reference, language="fr", embargo=Embargo(
        until=dt.datetime(2016, 2, 19, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))))
    msg = parse(eml(release, theme))
    assert msg["Subject"].startswith("SOUS EMBARGO jusqu’au 19 février 2016 à 10:00 UTC+01:00\u00a0: IPU Cambodia")


def test_the_inbox_previews_the_first_sentence(reference_eml: bytes) -> None:
    """The preheader: the first text of the HTML part is the body's first sentence, hidden in the message."""
    html = parse(reference_eml).get_body(("html",)).get_content()
    body = html[html.index("<body"):]
    first = re.search(r">([^<>]*[A-Za-z][^<>]*)<", body)
    assert first is not None and first.group(1).startswith(
        "A delegation from the Inter-Parliamentary Union (IPU) has visited Cambodia to investigate allegations")
    preheader = re.search(r'<div class="preheader" style="([^"]*)">', body)
    assert preheader is not None and "display:none" in preheader.group(1) and "mso-hide:all" in preheader.group(1)
    assert body.index('class="preheader"') < body.index("Inter-Parliamentary Union")
