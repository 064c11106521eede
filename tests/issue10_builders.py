"""Releases with issue 10's parts, built in code from the reference release (the tests of the view use them)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image
from pypdf import PdfReader

from pressrelease import Release, load, render_email, render_html, render_pdf, render_text
from pressrelease.model import Contact, Event, Organisation, Phone

from helpers import REFERENCE

__all__ = ["advisory", "email_parts", "formats", "joint", "pdf_text", "reference", "styled"]


def reference() -> Release:
    return load(REFERENCE)


def styled(release: Release, **style: object) -> Release:
    return dataclasses.replace(release, style=dataclasses.replace(release.house_style, **style))


def _png(path: Path, colour: tuple[int, int, int]) -> Path:
    Image.new("RGB", (120, 40), colour).save(path)
    return path


def joint(folder: Path, **changes: object) -> Release:
    """The reference as a joint release with Yubico, logos for both, Yubico's in a folder of its own."""
    ref = reference()
    partner_dir = folder / "yubico"
    partner_dir.mkdir(exist_ok=True)
    issuer = dataclasses.replace(ref.organisation, logo=_png(folder / "ipu.png", (0, 85, 140)), base_dir=folder)
    partner = Organisation(
        name="Yubico", website="https://www.yubico.com", logo=_png(partner_dir / "yubico.png", (120, 180, 40)),
        base_dir=partner_dir,
        boilerplate="Yubico sets new global standards for [secure access](https://www.yubico.com/why).\n\n"
                    "![Yubico key](key.png)",
        contacts=(Contact(name="Jane Doe", email="press@yubico.com", phones=(Phone("+46 8 000 00 00", "Sweden"),)),))
    _png(partner_dir / "key.png", (200, 200, 0))
    return dataclasses.replace(ref, organisation=issuer, partners=(partner,), kind="Joint Press Release", **changes)


def advisory(**changes: object) -> Release:
    """A media advisory with an event, dated by a city-less dateline."""
    ref = reference()
    zone = ZoneInfo("Asia/Phnom_Penh")
    event = Event(title="Launch of the 2017 Human Rights Report", start=dt.datetime(2017, 5, 9, 10, 0, tzinfo=zone),
                  end=dt.datetime(2017, 5, 9, 12, 0, tzinfo=zone), venue="Sunway Hotel",
                  address="No. 1, Street 92\nPhnom Penh", online="https://example.org/live",
                  details="**Who:** the Committee's president. To attend, [apply](https://example.org/accredit).")
    values: dict[str, object] = dict(kind="Media Advisory", photos=(), event=event,
                                     headline="IPU launches its 2017 human rights report",
                                     body="The IPU will launch its report in [Phnom Penh](https://example.org/pp).")
    return dataclasses.replace(ref, **(values | changes))


def email_parts(release: Release) -> tuple[str, str, EmailMessage]:
    """(text part, HTML part, the message) of the release's email."""
    msg = BytesParser(policy=policy.default).parsebytes(bytes(render_email(release)))
    assert isinstance(msg, EmailMessage)
    text = msg.get_body(("plain",))
    html = msg.get_body(("html",))
    assert text is not None and html is not None
    return text.get_content().replace("\r\n", "\n"), html.get_content().replace("\r\n", "\n"), msg


def pdf_text(release: Release) -> tuple[str, PdfReader]:
    reader = PdfReader(BytesIO(render_pdf(release)))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def formats(release: Release, pdf: bool = False) -> dict[str, str]:
    """The release as html, text, email text and email HTML (and the PDF's text)."""
    text, html, _ = email_parts(release)
    out = {"html": render_html(release), "text": render_text(release), "email_text": text, "email_html": html}
    if pdf:
        out["pdf"] = pdf_text(release)[0]
    return out
