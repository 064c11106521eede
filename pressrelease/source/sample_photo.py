"""A sample photo for ``pressrelease init``: a real PNG, made with the standard library alone.

The first release of a new newsroom shows how a photo is given (file, alt,
caption, credit); the picture itself is a soft two-colour gradient with a
lighter frame, so nobody mistakes it for a real photo. Written here rather
than shipped as package data: nothing to keep in the wheel, and the same
bytes every time.
"""

from __future__ import annotations

import struct
import zlib

__all__ = ["SAMPLE_PHOTO_SIZE", "sample_photo_png"]

#: Width and height in pixels: 3:2, large enough for the page's and the PDF's photo width.
SAMPLE_PHOTO_SIZE = (1200, 800)

_TOP = (0x1F, 0x4E, 0x79)  # the default accent colour
_BOTTOM = (0x9C, 0xC3, 0xE6)
_FRAME = 24  # pixels of lighter frame around the gradient


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _row(y: int, width: int, height: int) -> bytes:
    """One scanline: filter byte 0, then RGB pixels of a vertical gradient inside a light frame."""
    share = y / max(1, height - 1)
    colour = bytes(round(top + (bottom - top) * share) for top, bottom in zip(_TOP, _BOTTOM, strict=True))
    light = bytes(round(0.75 * 255 + 0.25 * channel) for channel in colour)
    if y < _FRAME or y >= height - _FRAME:
        return b"\x00" + light * width
    return b"\x00" + light * _FRAME + colour * (width - 2 * _FRAME) + light * _FRAME


def sample_photo_png(size: tuple[int, int] = SAMPLE_PHOTO_SIZE) -> bytes:
    """The PNG file's bytes: 8-bit RGB, not interlaced, deterministic."""
    width, height = size
    if width <= 2 * _FRAME or height <= 2 * _FRAME:
        raise ValueError(f"a sample photo needs more than {2 * _FRAME} pixels each way")
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = b"".join(_row(y, width, height) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(pixels, 9))
            + _chunk(b"IEND", b""))
