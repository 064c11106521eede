"""The complete email: a MIME message built with the standard library.

Structure (RFC 2046; least preferred alternative first)::

    multipart/mixed                 only when something is attached (the PDF, the event)
      multipart/alternative
        text/plain                  the text renderer's output, quoted-printable
        multipart/related
          text/html                 email.html, CSS inlined by css-inline
          image/...                 each photo (and a raster logo), inline, by Content-ID
      application/pdf               with --attach-pdf
      text/calendar                 the event's .ics (method=PUBLISH), when the release has an event

Everything that reaches a header is checked first (:mod:`.headers`), and
the written message is parsed back to prove its headers are the ones set.
A built message is reproducible: its Date is the release's, its Message-ID a
hash of its content.

The text part is the ``txt`` format's output, the attached PDF the
``pdf`` format's and the attached calendar file the ``ics`` format's, each
rendered once for the release and handed over in the
:class:`~..registry.Job` (the format declares it needs them; the ``ics`` is
skipped for a release without an event, and then nothing is attached). This module is
the one place a release, its text and its PDF become a message: the build,
the one-call API and ``pressrelease send`` all come here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import css_inline

from ...errors import FormatSkipped, Problem, RenderError
from ...model import Release
from ...source.schema import sender_problems
from ...view.plaintext import rtl_lines
from ...theme import Theme
from ..assets import AssetRefused, asset_roots, content_type, read_asset, refusal
from ..page import page_context
from ..registry import Job, RenderOptions
from .headers import HEADER_POLICY, EncodedHeader, check_header_values, make_address, parse_address, verify_headers

__all__ = ["GMAIL_CLIP_BYTES", "EmailRenderer", "release_moment"]

#: Gmail hides the end of HTML bodies larger than about 102 KB behind "[Message clipped]".
GMAIL_CLIP_BYTES = 100_000
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True, apply_width_attributes=True)

Related = dict[Path, tuple[str, Path, bytes]]


def _fix_boundaries(msg: EmailMessage, seed: str) -> None:
    """Boundaries derived from the Message-ID instead of random ones, so a built .eml is reproducible.

    "=_" cannot occur in quoted-printable or base64 bodies, so these never collide with content.
    """
    token = hashlib.sha256(seed.encode()).hexdigest()[:24]
    for number, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_{token}_{number}")


def release_moment(release: Release) -> dt.datetime:
    """The message's Date: the embargo's end, else the release day's start."""
    return release.embargo.until if release.embargo is not None else release.date_utc


class EmailRenderer:
    template = "email.html"

    def __init__(self, theme: Theme, options: RenderOptions) -> None:
        self.theme = theme
        self.options = options

    # -- the renderer interface: .eml bytes ----------------------------------

    def render(self, job: Job) -> bytes:
        return self.serialise(self.message(job))

    # -- the pieces ------------------------------------------------------------

    def sender(self, release: Release) -> tuple[Address, Address | None]:
        """(From, Reply-To).

        From is ``--from`` if given, else the press office's address (the organisation's ``email:``), else
        the first media contact with an email. Replies go to the first media contact with an email, else
        the press office. Without any of these the email is skipped (:class:`FormatSkipped`): the
        release's other formats still build.
        """
        org = release.organisation
        contact = next((c for c in release.media_contacts if c.email), None)
        contact_address = make_address(contact.name, contact.email) if contact else None
        office = make_address(org.name, org.email) if org.email else None
        if self.options.from_address:
            try:
                chosen = parse_address(self.options.from_address)
            except ValueError as exc:
                raise RenderError([Problem(None, 0, 0, f"--from: {exc}", code="header")]) from None
            return chosen, contact_address or office
        if office is not None:
            return office, contact_address
        if contact_address is None:
            raise FormatSkipped(sender_problems(release, "error"), sender_problems(release))
        return contact_address, None

    def message(
        self,
        job: Job,
        *,
        to: Address | None = None,
        date: dt.datetime | None = None,
        unique_id: bool = False,
    ) -> EmailMessage:
        """The message for the job's release; ``to``, ``date`` and a unique id are for sending."""
        release, view = job.release, job.view
        contact_fields = [(f"contacts[{i}].name", c.name) for i, c in enumerate(release.media_contacts)]
        file_names = [(f"photos[{i}].file", p.file.name) for i, p in enumerate(release.photos)]
        file_names += [("body", path.name) for path in view.images]  # each is an inline part's file name
        check_header_values(release, [("headline", release.headline), *file_names,
                                      ("organisation.name", release.organisation.name), ("slug", release.name)],
                            names=contact_fields)
        sender, reply_to = self.sender(release)
        domain = sender.domain.lower()
        related = self._related_parts(job, domain)
        signature = "\n".join(view.signature)
        text = f"{job.output('txt')}\n" + (rtl_lines(signature) if view.direction == "rtl" else signature) + "\n"
        html = self._html(job, related)
        msg = EmailMessage(policy=HEADER_POLICY)
        msg["Subject"] = EncodedHeader("Subject", view.subject)
        msg["From"] = sender
        if to is not None:
            msg["To"] = to
        if reply_to is not None and reply_to.addr_spec != sender.addr_spec:
            msg["Reply-To"] = reply_to
        msg["Date"] = format_datetime(date or release_moment(release))
        # Short enough that the unfoldable header stays within 78 octets for most domains.
        digest = hashlib.sha256(f"{view.subject}\n{text}\n{html}".encode()).hexdigest()[:16]
        msg["Message-ID"] = make_msgid(domain=domain) if unique_id else f"<{release.date:%Y%m%d}.{digest}@{domain}>"
        self._add_parts(msg, text, html, related, job)
        # Set last: the library moves Content-* headers into the first part when it nests parts.
        msg["Content-Language"] = release.language
        _fix_boundaries(msg, msg["Message-ID"])
        return msg

    def serialise(self, msg: EmailMessage) -> bytes:
        data = msg.as_bytes(policy=HEADER_POLICY)
        expected = {name.lower(): "" for name in msg.keys()}
        for name in ("Subject", "From", "To", "Reply-To"):
            if msg[name] is not None:
                expected[name.lower()] = str(msg[name])
        verify_headers(data, expected)
        return data

    def _add_parts(self, msg: EmailMessage, text: str, html: str, related: Related, job: Job) -> None:
        """The text and HTML alternatives, the HTML's inline images, the PDF if it is attached, and the event."""
        msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
        msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
        if related:
            html_part = msg.get_payload()[1]
            for cid, path, data in related.values():
                maintype, subtype = content_type(path, data).split("/")  # by content, as the web page embeds it
                html_part.add_related(data, maintype=maintype, subtype=subtype, cid=cid,
                                      disposition="inline", filename=path.name)
        if self.options.attach_pdf:
            pdf = job.output("pdf")
            assert isinstance(pdf, bytes)
            msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"{job.release.name}.pdf")
        calendar = job.optional("ics")
        if calendar is not None:  # base64: the file's CRLF line endings arrive exactly as written
            data = calendar.encode("utf-8") if isinstance(calendar, str) else calendar
            msg.add_attachment(data, maintype="text", subtype="calendar", filename=f"{job.release.name}.ics",
                               params={"method": "PUBLISH", "charset": "utf-8"})

    def _related_parts(self, job: Job, domain: str) -> Related:
        """Photos (and the organisations' raster logos) as inline parts, keyed by file: (cid, path, bytes)."""
        release = job.release
        roots = asset_roots(release, self.theme.dirs)
        files = [photo.file for photo in release.photos] + list(job.view.images)
        logos = [org.logo for org in release.organisations if org.logo is not None]
        files[:0] = [logo for logo in logos if logo.suffix.lower() != ".svg"]  # SVG is blocked by most mail clients
        parts: Related = {}
        for index, path in enumerate(files):
            try:
                data = read_asset(path, roots)
            except AssetRefused as exc:
                raise RenderError([refusal(release, self.theme.dirs, str(path), str(exc))]) from None
            digest = hashlib.sha256(data).hexdigest()[:16]
            parts[path] = (f"<image{index}.{digest}@{domain}>", path, data)
        return parts

    def _html(self, job: Job, related: Related) -> str:
        def cid_url(path: Path) -> str:
            entry = related.get(path)
            return f"cid:{entry[0][1:-1]}" if entry else ""

        context = page_context(job, target="email", theme=self.theme, file_url=cid_url)
        html = _INLINER.inline(self.theme.render(self.template, context))
        size = len(html.encode("utf-8"))
        if size > GMAIL_CLIP_BYTES:
            origin = job.release.origin
            job.warn(Problem(
                origin.path if origin else None, origin.body_line if origin else 0, 1,
                f"the email's HTML part is {size / 1000:.0f} kB; Gmail clips messages past about 100 kB",
                "shorten the release or move detail to the web page", severity="warning", code="email-size"))
        return html
