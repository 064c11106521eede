"""What the site's feeds and sitemaps share: text made safe for XML, RFC 3339 times, deterministic bytes.

Every value from a source passes :func:`clean` before it reaches an
element: XML 1.0 cannot carry C0 controls other than tab and line feed,
lone surrogates or U+FFFE/U+FFFF at all (not even as character
references), so they are dropped; a carriage return is turned into a line
feed, because a parser would do that anyway and the text must read back
exactly as written. Escaping itself is ElementTree's (``&``, ``<``, ``>``
and, in attributes, quotes and line breaks); nothing is concatenated
into markup by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

__all__ = ["EPOCH", "clean", "element", "rfc3339", "xml_bytes"]

#: The time a feed with no entries says it was updated: fixed, so an empty feed's bytes never change.
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """``text`` with what XML 1.0 cannot carry removed, and CR LF / CR as LF."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def rfc3339(moment: dt.datetime) -> str:
    """An aware time as RFC 3339 to the second, in its own offset (``Z`` for UTC).

    An offset with seconds (some historical zones) cannot be written in
    RFC 3339, so such a time is given in UTC.
    """
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"a feed's or sitemap's time needs its zone: {moment.isoformat()}")
    if offset.seconds % 60 or offset.microseconds:
        moment, offset = moment.astimezone(dt.timezone.utc), dt.timedelta(0)
    text = moment.replace(microsecond=0).isoformat(timespec="seconds")
    return text[:-6] + "Z" if not offset else text


def element(parent: ET.Element | None, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    """A new element (under ``parent`` when given), its text and attributes cleaned.

    An attribute whose name ends in ``_`` loses it (``type_`` is ``type``);
    ``xml_lang`` is ``xml:lang``. Attributes keep the order given, so bytes are stable.
    """
    attrib = {_attribute_name(name): clean(value) for name, value in attributes.items()}
    node = ET.Element(tag, attrib) if parent is None else ET.SubElement(parent, tag, attrib)
    if text is not None:
        node.text = clean(text)
    return node


def _attribute_name(name: str) -> str:
    if name == "xml_lang":
        return "{http://www.w3.org/XML/1998/namespace}lang"
    return name.rstrip("_").replace("__", ":")


def xml_bytes(root: ET.Element) -> bytes:
    """The document as UTF-8 with its declaration and a final line feed, indented two spaces."""
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode").encode() + b"\n"
