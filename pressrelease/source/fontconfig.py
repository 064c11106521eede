"""Whether any installed font has a character: asked of fontconfig itself, through ctypes.

Pango finds the fonts WeasyPrint draws with through fontconfig, so
libfontconfig is loaded wherever a PDF can be made; the ``fc-list`` program
may not be installed, and is not used. A character is covered when
``FcFontList`` lists at least one font whose charset holds it, exactly the
fonts Pango could fall back to. The answer is kept per character for the
life of the process. Characters are first asked about 64 at a time (one
font with them all answers for all of them, which is the usual case for a
page of Chinese), and one by one only in a group no single font covers.
Past :data:`UNION_AFTER` characters in one call (a text of 100,000 distinct
private-use characters would take 1.8 s of FcFontList calls), the charsets
of every font FcFontList lists are merged once (7 ms for 176 fonts here) and
each character is looked up in the merged set: the same answer, since a
font lists for a charset of one character exactly when its charset has it.

Without libfontconfig (:func:`installed_coverage` returns None) the
installed fonts are unknown; the caller says so rather than guessing.
"""

from __future__ import annotations

import threading

TYPE_CHECKING = False  # typing is not imported at run time: `check` starts faster without it
if TYPE_CHECKING:
    from typing import Iterable

__all__ = ["LIBRARY_NAMES", "installed_coverage", "lists_a_font"]

#: The names libfontconfig is loaded by: Linux and the BSDs, macOS (Homebrew), Windows (MSYS2).
LIBRARY_NAMES = ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll")
_GROUP = 64
#: How many characters one call asks about through FcFontList before it asks the merged charset instead.
UNION_AFTER = 1024

_lock = threading.Lock()
_known: dict[str, bool] = {}
_library: list[object] = []  # [] not tried yet; [None] could not be loaded; [the library] loaded
_union: list[object] = []  # [the merged FcCharSet of every listed font], once asked for


def installed_coverage(chars: Iterable[str]) -> dict[str, bool] | None:
    """For each character, whether an installed font has it; None when libfontconfig cannot be loaded."""
    chars = list(dict.fromkeys(chars))
    with _lock:
        library = _load()
        if library is None:
            return None
        asked = [char for char in chars if char not in _known]
        if len(asked) > UNION_AFTER:
            _known.update(zip(asked, _in_union(library, asked), strict=True))
            asked = []
        for start in range(0, len(asked), _GROUP):
            group = asked[start:start + _GROUP]
            if len(group) > 1 and _lists_a_font(library, group):
                _known.update(dict.fromkeys(group, True))
                continue
            for char in group:
                _known[char] = _lists_a_font(library, [char])
        return {char: _known[char] for char in chars}


def lists_a_font(chars: Iterable[str]) -> bool | None:
    """Whether fontconfig lists a font that has every one of ``chars`` (None without libfontconfig)."""
    with _lock:
        library = _load()
        return None if library is None else _lists_a_font(library, list(chars))


def forget() -> None:
    """Drop what is known (the tests load a different library, or none)."""
    with _lock:
        _known.clear()
        _library.clear()
        _union.clear()


def _load() -> object | None:
    if not _library:
        _library.append(_open())
    return _library[0]


def _open() -> object | None:
    import ctypes

    for name in LIBRARY_NAMES:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        try:
            _declare(ctypes, library)
        except AttributeError:  # a library of that name without fontconfig's functions
            continue
        return library
    return None


def _declare(ctypes, library) -> None:  # type: ignore[no-untyped-def]
    pointer, text, char, boolean = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32, ctypes.c_int
    signatures = {
        "FcPatternCreate": ([], pointer),
        "FcPatternDestroy": ([pointer], None),
        "FcCharSetCreate": ([], pointer),
        "FcCharSetDestroy": ([pointer], None),
        "FcCharSetAddChar": ([pointer, char], boolean),
        "FcPatternAddCharSet": ([pointer, text, pointer], boolean),
        # FcObjectSetBuild("family", NULL) is variadic, which ctypes cannot declare portably (arm64
        # passes variadic arguments on the stack); FcObjectSetCreate + FcObjectSetAdd build the same set.
        "FcObjectSetCreate": ([], pointer),
        "FcObjectSetAdd": ([pointer, text], boolean),
        "FcObjectSetDestroy": ([pointer], None),
        "FcFontList": ([pointer, pointer, pointer], pointer),
        "FcFontSetDestroy": ([pointer], None),
        "FcPatternGetCharSet": ([pointer, text, ctypes.c_int, ctypes.POINTER(pointer)], ctypes.c_int),
        "FcCharSetMerge": ([pointer, pointer, pointer], boolean),
        "FcCharSetHasChar": ([pointer, char], boolean),
    }
    for name, (arguments, result) in signatures.items():
        function = getattr(library, name)
        function.argtypes, function.restype = arguments, result


def _lists_a_font(library, chars: list[str]) -> bool:  # type: ignore[no-untyped-def]
    """FcFontList with a pattern of one charset: does at least one installed font have all of ``chars``?"""
    import ctypes

    pattern, charset, objects = library.FcPatternCreate(), library.FcCharSetCreate(), library.FcObjectSetCreate()
    fonts = None
    try:
        if not (pattern and charset and objects):
            raise MemoryError("fontconfig could not allocate a pattern")
        for char in chars:
            library.FcCharSetAddChar(charset, ord(char))
        library.FcPatternAddCharSet(pattern, b"charset", charset)  # the pattern keeps its own reference
        library.FcObjectSetAdd(objects, b"family")
        fonts = library.FcFontList(None, pattern, objects)
        return bool(fonts) and ctypes.cast(fonts, ctypes.POINTER(ctypes.c_int))[0] > 0  # FcFontSet.nfont
    finally:
        if fonts:
            library.FcFontSetDestroy(fonts)
        for pointer, destroy in ((objects, library.FcObjectSetDestroy), (charset, library.FcCharSetDestroy),
                                 (pattern, library.FcPatternDestroy)):
            if pointer:
                destroy(pointer)


def _in_union(library, chars: list[str]) -> list[bool]:  # type: ignore[no-untyped-def]
    """Whether each character is in the merged charset of every font FcFontList lists (merged once)."""
    if not _union:
        _union.append(_merged_charsets(library))
    union = _union[0]
    return [bool(library.FcCharSetHasChar(union, ord(char))) for char in chars]


def _merged_charsets(library):  # type: ignore[no-untyped-def]
    import ctypes

    class FontSet(ctypes.Structure):
        _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.POINTER(ctypes.c_void_p))]

    union, pattern, objects = library.FcCharSetCreate(), library.FcPatternCreate(), library.FcObjectSetCreate()
    if not (union and pattern and objects):
        raise MemoryError("fontconfig could not allocate a pattern")
    library.FcObjectSetAdd(objects, b"charset")
    fonts = library.FcFontList(None, pattern, objects)
    try:
        listed = ctypes.cast(fonts, ctypes.POINTER(FontSet)).contents if fonts else None
        charset = ctypes.c_void_p()
        for index in range(listed.nfont if listed is not None else 0):
            if library.FcPatternGetCharSet(listed.fonts[index], b"charset", 0, ctypes.byref(charset)) == 0:
                library.FcCharSetMerge(union, charset, None)  # the font's charset stays the font's
        return union  # kept for the life of the process
    finally:
        if fonts:
            library.FcFontSetDestroy(fonts)
        library.FcObjectSetDestroy(objects)
        library.FcPatternDestroy(pattern)
