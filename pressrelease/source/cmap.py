"""Which characters a font file can draw: the code points its ``cmap`` table maps to a glyph.

TrueType and OpenType files (and WOFF, whose tables are zlib streams) are
read here with ``struct`` and ``zlib``: ``pressrelease check`` reads the
bundled fonts, and fontTools would bring ``typing`` and 35 ms of imports into
a command that imports neither (tests/test_architecture.py). WOFF2 (one
Brotli stream for all tables) is read with fontTools, a dependency of
WeasyPrint, imported only for such a file. The subtable used is the one
fontTools' ``getBestCmap`` and HarfBuzz prefer (full Unicode first, then the
Basic Multilingual Plane); a code point mapped to glyph 0 (.notdef, the tofu
box) is not covered. Answers are kept per file, its modification time and size.
"""

from __future__ import annotations

import os
import struct
import threading
import zlib
from bisect import bisect_right
from pathlib import Path

__all__ = ["Coverage", "font_coverage"]

#: (platform, encoding) of the Unicode subtables, in the order fontTools' getBestCmap takes them.
_PREFERRED = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))
_SFNT = (b"\x00\x01\x00\x00", b"OTTO", b"true")
_MAX_CODE_POINT = 0x10FFFF
#: Up to this many code points a font's coverage is a frozenset (a CJK font has about 65,000).
SET_LIMIT = 200_000


class Coverage:
    """A set of code points: a frozenset (C-speed differences) up to :data:`SET_LIMIT` of them, else sorted
    disjoint ranges (a font that claims every code point costs a few ranges, not a million integers)."""

    __slots__ = ("codes", "ends", "starts")

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]
        size = sum(end - start + 1 for start, end in merged)
        self.codes = frozenset(code for start, end in merged for code in range(start, end + 1)) \
            if size <= SET_LIMIT else None

    def __contains__(self, code_point: object) -> bool:
        if self.codes is not None:
            return code_point in self.codes
        if not isinstance(code_point, int):
            return False
        index = bisect_right(self.starts, code_point) - 1
        return index >= 0 and code_point <= self.ends[index]

    def __len__(self) -> int:
        return sum(end - start + 1 for start, end in zip(self.starts, self.ends, strict=True))

    def __iter__(self):  # type: ignore[no-untyped-def]
        for start, end in zip(self.starts, self.ends, strict=True):
            yield from range(start, end + 1)

    def missing(self, codes: set[int]) -> set[int]:
        """The code points of ``codes`` this font does not have."""
        if self.codes is not None:
            return codes - self.codes
        return {code for code in codes if code not in self}


_EMPTY = Coverage([])
_cache: dict[tuple[str, int, int], Coverage] = {}
_lock = threading.Lock()


def font_coverage(path: Path) -> Coverage:
    """The characters the font file at ``path`` maps to a glyph; none when it cannot be read as a font."""
    try:
        stat = os.stat(path)
    except OSError:
        return _EMPTY
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    with _lock:
        known = _cache.get(key)
    if known is not None:
        return known
    try:
        data = Path(path).read_bytes()
        found = _woff2_coverage(data) if data[:4] == b"wOF2" else _cmap_coverage(_cmap_table(data))
    except (OSError, ValueError, IndexError, struct.error, zlib.error):
        found = _EMPTY
    with _lock:
        _cache[key] = found
    return found


def _cmap_table(data: bytes) -> bytes:
    """The bytes of the ``cmap`` table of a TrueType, OpenType or WOFF file."""
    if data[:4] in _SFNT:
        (count,) = struct.unpack_from(">H", data, 4)
        for index in range(count):
            tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
            if tag == b"cmap":
                return data[offset:offset + length]
    elif data[:4] == b"wOFF":
        (count,) = struct.unpack_from(">H", data, 12)
        for index in range(count):
            tag, offset, packed, length, _ = struct.unpack_from(">4sIIII", data, 44 + 20 * index)
            if tag == b"cmap":
                table = data[offset:offset + packed]
                return zlib.decompress(table, bufsize=length) if packed < length else table
    raise ValueError("no cmap table")


def _cmap_coverage(table: bytes) -> Coverage:
    _, count = struct.unpack_from(">HH", table, 0)
    offsets: dict[tuple[int, int], int] = {}
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", table, 4 + 8 * index)
        offsets.setdefault((platform, encoding), offset)
    for key in _PREFERRED:
        if key in offsets:
            ranges = _subtable_ranges(table, offsets[key])
            if ranges is not None:
                return Coverage(ranges)
    return _EMPTY


def _subtable_ranges(table: bytes, offset: int) -> list[tuple[int, int]] | None:
    """The mapped code points of one subtable as ranges, or None for a format we do not read."""
    (form,) = struct.unpack_from(">H", table, offset)
    if form == 4:
        return _format4(table, offset)
    if form in (12, 13):
        return _format12(table, offset, many_to_one=form == 13)
    if form == 6:
        first, count = struct.unpack_from(">HH", table, offset + 6)
        glyphs = struct.unpack_from(f">{count}H", table, offset + 10)
        return [(first + i, first + i) for i, glyph in enumerate(glyphs) if glyph]
    if form == 0:
        glyphs = table[offset + 6:offset + 262]
        return [(code, code) for code, glyph in enumerate(glyphs) if glyph]
    return None


def _format4(table: bytes, offset: int) -> list[tuple[int, int]]:
    (segments_x2,) = struct.unpack_from(">H", table, offset + 6)
    count = segments_x2 // 2
    ends = struct.unpack_from(f">{count}H", table, offset + 14)
    starts = struct.unpack_from(f">{count}H", table, offset + 16 + segments_x2)
    deltas = struct.unpack_from(f">{count}H", table, offset + 16 + 2 * segments_x2)
    range_at = offset + 16 + 3 * segments_x2
    range_offsets = struct.unpack_from(f">{count}H", table, range_at)
    ranges: list[tuple[int, int]] = []
    for index, (start, end, delta, range_offset) in enumerate(zip(starts, ends, deltas, range_offsets, strict=True)):
        if start > end:
            continue
        if range_offset == 0:  # glyph = code + delta: glyph 0 for at most one code
            notdef = -delta & 0xFFFF
            if start <= notdef <= end:
                ranges += [(start, notdef - 1)] if notdef > start else []
                ranges += [(notdef + 1, end)] if notdef < end else []
            else:
                ranges.append((start, end))
            continue
        at = range_at + 2 * index + range_offset
        glyphs = struct.unpack_from(f">{end - start + 1}H", table, at)
        ranges += [(start + i, start + i) for i, glyph in enumerate(glyphs) if glyph and (glyph + delta) & 0xFFFF]
    return [(start, end) for start, end in ranges if start != 0xFFFF]


def _format12(table: bytes, offset: int, *, many_to_one: bool) -> list[tuple[int, int]]:
    length, _, groups = struct.unpack_from(">III", table, offset + 4)
    if 16 + 12 * groups > length or offset + length > len(table):
        raise ValueError("cmap subtable longer than its table")
    ranges: list[tuple[int, int]] = []
    for index in range(groups):
        start, end, glyph = struct.unpack_from(">III", table, offset + 16 + 12 * index)
        end = min(end, _MAX_CODE_POINT)
        if start > end or (many_to_one and glyph == 0):
            continue
        if glyph == 0:  # sequential glyphs: only the first is .notdef
            start += 1
        if start <= end:
            ranges.append((start, end))
    return ranges


def _woff2_coverage(data: bytes) -> Coverage:
    import io

    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        order = font.getGlyphOrder()
        best = font.getBestCmap() or {}
    except Exception as exc:  # a broken font is one that covers nothing, whatever fontTools raises
        raise ValueError(str(exc)) from exc
    notdef = order[0] if order else ".notdef"
    return Coverage([(code, code) for code, glyph in best.items() if glyph != notdef])
