"""The preview's own pages: a release's email (text and HTML side by side), and the page for "not found".

The email is read back from the ``.eml`` the build wrote, exactly as a
reader's mail program gets it: its text part in a ``<pre>``, its HTML part in
a sandboxed frame (``srcdoc``, no script, an origin of its own) with the
inline images it refers to by ``cid:`` given as ``data:`` addresses.
"""

from __future__ import annotations

import base64
import html
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

__all__ = ["email_page", "not_found_page"]

_CID = re.compile(r"""(["'(])cid:([^"')\s]+)""")
_HEADERS = ("Subject", "From", "Reply-To", "To", "Date")


def _inline_images(message: EmailMessage) -> dict[str, str]:
    """Content-ID (without its angle brackets) -> a data: address of the part."""
    images: dict[str, str] = {}
    for part in message.walk():
        cid = str(part.get("Content-ID") or "").strip().strip("<>")
        if cid and part.get_content_maintype() == "image":
            data = part.get_payload(decode=True) or b""
            images[cid] = f"data:{part.get_content_type()};base64,{base64.b64encode(data).decode('ascii')}"
    return images


def _part(message: EmailMessage, kind: str) -> str:
    body = message.get_body(preferencelist=(kind,))
    if body is None:
        return ""
    try:
        return str(body.get_content())
    except (LookupError, ValueError):  # a charset Python does not know
        return (body.get_payload(decode=True) or b"").decode("utf-8", "replace")


def email_page(slug: str, eml: bytes) -> tuple[str, str]:
    """(title, escaped body) of the page showing the email built for ``slug``."""
    message = BytesParser(policy=policy.default).parsebytes(eml)
    assert isinstance(message, EmailMessage)
    images = _inline_images(message)
    markup = _CID.sub(lambda m: m.group(1) + images.get(m.group(2), "about:blank"), _part(message, "html"))
    headers = "".join(f"<dt>{name}</dt><dd>{html.escape(str(message[name]))}</dd>"
                      for name in _HEADERS if message[name] is not None)
    frame = (f'<iframe sandbox="" title="The HTML part" srcdoc="{html.escape(markup, quote=True)}"></iframe>'
             if markup else "<p>This email has no HTML part.</p>")
    body = (f'<main class="pressrelease-page"><h1>Email of <code>{html.escape(slug)}</code></h1>'
            f'<dl class="pressrelease-headers">{headers}</dl>'
            f'<div class="pressrelease-email"><section aria-label="The text part"><h2>Text</h2>'
            f"<pre>{html.escape(_part(message, 'plain'))}</pre></section>"
            f'<section aria-label="The HTML part"><h2>HTML</h2>{frame}</section></div></main>')
    return f"Email: {message['Subject'] or slug}", body


def not_found_page(path: str) -> tuple[str, str]:
    return "Not found", (f'<main class="pressrelease-page"><h1>Not found</h1>'
                         f"<p>Nothing is built at <code>{html.escape(path)}</code>.</p>"
                         '<p><a href="/">The newsroom</a></p></main>')
