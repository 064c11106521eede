"""What an image file must be before any output shows it: an image by its content, and not too big.

Every image a release refers to (its photos, the images of its body, notes
and boilerplate, raw ``<img>`` included, and the organisation's logo) is read
here, by the source stage, so ``check`` reports what the build would refuse;
the renderers call :func:`image_refusal` again on the bytes they embed, so a
file changed since it was checked is refused too.

The kind and the size in pixels come from the file's header, read here
without an image library (Pillow would double the start-up of ``check``): a
file whose header gives no size is refused with the rest. The pixel limit is
what keeps a small file that decodes to gigabytes (a "decompression bomb")
out of WeasyPrint and out of a reader's browser or mail program; the frames
of an animation count once each.
"""

from __future__ import annotations

import re
import struct

__all__ = [
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_PIXELS",
    "MAX_JPEG_SCANS",
    "RASTER_KINDS",
    "active_svg",
    "image_header",
    "image_refusal",
]

#: The largest image file a release may show, in bytes.
MAX_IMAGE_BYTES = 20_000_000
#: The most pixels an image may decode to (width x height x frames): 50 megapixels.
MAX_IMAGE_PIXELS = 50_000_000
#: The most scans a JPEG may have: each progressive scan is decoded over the whole picture again.
MAX_JPEG_SCANS = 100
RASTER_KINDS = ("PNG", "JPEG", "GIF", "WebP")
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def image_refusal(data: bytes, *, svg_ok: bool = False) -> str:
    """Why ``data`` may not be shown as an image ("is not a PNG, JPEG, GIF or WebP image"), or ""."""
    if len(data) > MAX_IMAGE_BYTES:
        return f"is {len(data) / 1_000_000:.1f} MB; the limit for an image is {MAX_IMAGE_BYTES // 1_000_000} MB"
    if svg_ok and _is_svg(data):
        return ""
    header = image_header(data)
    if header is None:
        kinds = ", ".join(RASTER_KINDS[:-1]) + (f", {RASTER_KINDS[-1]} or SVG" if svg_ok else f" or {RASTER_KINDS[-1]}")
        return f"is not a {kinds} image (judged by its content, not its name)"
    kind, width, height, frames = header
    if width <= 0 or height <= 0:
        return f"is a {kind} image with no size"
    pixels = width * height * frames
    if pixels > MAX_IMAGE_PIXELS:
        shown = f"{width} x {height}" + (f" x {frames} frames" if frames > 1 else "")
        return (f"is {shown} pixels; the limit is {MAX_IMAGE_PIXELS // 1_000_000} megapixels "
                "(a small file can decode to gigabytes)")
    if kind == "JPEG" and data.count(b"\xff\xda") > MAX_JPEG_SCANS:
        return f"is a JPEG of more than {MAX_JPEG_SCANS} scans"
    return ""


#: Elements that make an SVG file more than a picture when it is opened on its own (by local name, in any
#: namespace): scripts, embedded documents, event listeners.
_ACTIVE_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler", "listener",
                              "html", "body", "image"})
_SVG_NAMESPACES = ("", "http://www.w3.org/2000/svg")
_SAFE_HREF = re.compile(r"#[\w.:-]*|data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*")
#: CSS (a style sheet, a ``style`` attribute, a presentation attribute such as ``fill``): its comments, its
#: escapes (``u\72l(`` is ``url(``), and what loads a file besides ``url(...)`` (``@import``, ``image-set()``
#: take a string).
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.S)
_CSS_LOADS = re.compile(r"@import|image-set\(", re.I)


def active_svg(data: bytes) -> str:
    """Why an SVG file may not be published as a file of its own (a script could run on the site), or "".

    The file is parsed as XML (no document type, so no entity of its own; character references are
    decoded by the parser, as a browser does) and held to what a picture needs: only SVG elements, none
    that runs or embeds anything, no event handler, no link but to its own parts or an embedded raster
    image (in CSS too: a style sheet's or an attribute's ``url()``, ``@import``, ``image-set()``), no
    processing instruction but the XML declaration.
    """
    import xml.etree.ElementTree as ET

    head = data[:65536].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower() or re.search(rb"<\?(?!xml[\s?])", data, re.I):
        return "has a document type, an entity or a processing instruction"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"is not well-formed XML ({exc})"
    for element in root.iter():
        reason = _active_element(element)
        if reason:
            return reason
        local = str(getattr(element, "tag", "")).rpartition("}")[2].lower()
        if local == "style" and _css_loads(element.text or ""):
            return "loads something from outside itself (a style sheet's url(), @import or image-set())"
    return ""


def _css_loads(text: str) -> bool:
    """Whether CSS ``text`` loads anything but its own document's parts or an embedded raster image."""
    if "url" not in text.lower() and "\\" not in text and "@" not in text and "image-set" not in text.lower():
        return False
    plain = _CSS_ESCAPE.sub(lambda m: chr(min(int(m[1], 16), 0x10FFFF) or 0xFFFD) if m[1] else m[2],
                            _CSS_COMMENT.sub(" ", text))
    if _CSS_LOADS.search(plain):
        return True
    lowered, position = plain.lower(), 0
    while (start := lowered.find("url(", position)) >= 0:  # linear: a safe target holds no "url(" nor ")"
        end = plain.find(")", start)
        if end < 0 or not _SAFE_HREF.fullmatch(plain[start + 4:end].strip().strip("\"'").strip()):
            return True
        position = end + 1
    return False


def _active_element(element: object) -> str:
    tag = getattr(element, "tag", "")
    if not isinstance(tag, str):
        return ""
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if namespace not in _SVG_NAMESPACES:
        return f"has an element of another kind of document ({local})"
    if local.lower() in _ACTIVE_ELEMENTS:
        return f"has a {local} element"
    for name, value in getattr(element, "attrib", {}).items():
        attribute = name.rpartition("}")[2].lower()
        text = "".join(str(value).split()).lower()
        if attribute.startswith("on"):
            return f"has an event handler ({attribute})"
        if "javascript:" in text or "vbscript:" in text or "data:text" in text:
            return f"has a script address in {attribute}"
        if attribute == "href" and not _SAFE_HREF.fullmatch(str(value).strip()):
            return "links to something outside itself"
        if attribute == "attributename" and text.rpartition(":")[2] == "href":  # any prefix of the xlink namespace
            return "animates a link"
        if _css_loads(str(value)):
            return f"loads something from outside itself (url() in {attribute})"
    return ""


def _is_svg(data: bytes) -> bool:
    head = data[:512].lstrip()
    return head.startswith((b"<svg", b"<?xml", b"<!--", b"<!DOCTYPE svg")) and b"<svg" in data[:4096]


def image_header(data: bytes) -> tuple[str, int, int, int] | None:
    """(kind, width, height, frames) of a PNG, JPEG, GIF or WebP file's bytes; None if it is none of them."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return _png(data)
        if data.startswith(b"\xff\xd8\xff"):
            return _jpeg(data)
        if data.startswith((b"GIF87a", b"GIF89a")):
            return _gif(data)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return _webp(data)
    except (struct.error, IndexError):  # a header cut short
        return None
    return None


def _png(data: bytes) -> tuple[str, int, int, int] | None:
    if data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    frames, position = 1, 8
    while position + 8 <= len(data):  # an APNG says how many frames it has before its first image data
        length, tag = struct.unpack(">I4s", data[position:position + 8])
        if tag == b"acTL":
            frames = max(1, struct.unpack(">I", data[position + 8:position + 12])[0])
        if tag in (b"IDAT", b"IEND"):
            break
        position += 12 + length
    return "PNG", width, height, frames


def _jpeg(data: bytes) -> tuple[str, int, int, int] | None:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[position + 5:position + 9])
            return "JPEG", width, height, 1
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            position += 2
            continue
        if marker in (0xD9, 0xDA):  # the end, or image data before any frame header
            return None
        position += 2 + struct.unpack(">H", data[position + 2:position + 4])[0]
    return None


def _gif(data: bytes) -> tuple[str, int, int, int] | None:
    width, height, flags = struct.unpack("<HHB", data[6:11])
    position = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    frames = 0
    while position < len(data) and data[position] != 0x3B:
        if data[position] == 0x21:  # an extension: its label, then sub-blocks
            position = _skip_blocks(data, position + 2)
        elif data[position] == 0x2C:  # an image: its descriptor, its colour table, then LZW sub-blocks
            left, top, frame_width, frame_height, frame_flags = struct.unpack("<HHHHB", data[position + 1:position + 10])
            width, height = max(width, left + frame_width), max(height, top + frame_height)
            position += 10 + (3 << ((frame_flags & 7) + 1) if frame_flags & 0x80 else 0)
            position = _skip_blocks(data, position + 1)
            frames += 1
        else:
            break
    return "GIF", width, height, max(frames, 1)


def _skip_blocks(data: bytes, position: int) -> int:
    while position < len(data) and data[position]:
        position += data[position] + 1
    return position + 1


def _webp(data: bytes) -> tuple[str, int, int, int] | None:
    tag = data[12:16]
    if tag == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return "WebP", width & 0x3FFF, height & 0x3FFF, 1
    if tag == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return "WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, 1
    if tag == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        frames, position = 0, 12
        while position + 8 <= len(data):
            chunk, size = struct.unpack("<4sI", data[position:position + 8])
            frames += chunk == b"ANMF"
            position += 8 + size + (size & 1)
        return "WebP", width, height, max(frames, 1)
    return None
