"""Replacement text for lines whose glyphs do not spell their text one by one.

WeasyPrint gives each glyph of an embedded font one text in the font's
ToUnicode map, and the glyph's first use in the document decides it
(``draw_first_line`` in ``weasyprint/draw/text.py``; Kozea/WeasyPrint#2841).
Latin, Cyrillic, CJK and Arabic survive that: a glyph stands for the same
letters wherever it is drawn. Khmer, Thai, Myanmar and the Indic scripts do
not. HarfBuzz draws a syllable's glyphs in visual order (a vowel sign before
its consonant, a subscript after it) and gives them all one cluster;
WeasyPrint then hangs the syllable's whole text on one glyph and nothing on
the others, and that glyph carries the syllable wherever it is drawn again.
Copying "សេចក្តី" from such a PDF gives "សចក្តី"; "विज्ञप्ति" comes back split.

PDF's own answer for glyphs that do not spell their text is replacement
text (ISO 32000-1 §14.9.4): a marked-content span with ``/ActualText``.
While :func:`replacement_text` is active, every line fragment WeasyPrint
draws (a ``TextBox``) that holds one of these scripts is drawn inside
``/Span <</ActualText (its text)>> BDC ... EMC``, with the text as the
source has it (less zero-width spaces and soft hyphens, which only mark
where a line may break). poppler (pdftotext, Evince, Okular) and Acrobat read the span's
text instead of the glyphs'; pypdf ignores it and reads the per-glyph map
(docs/languages.md).

In the tagged and "u" variants, the glyphs that WeasyPrint maps to nothing
(a cluster's other glyphs) are mapped to U+200B instead: PDF/UA wants every
glyph shown to map to a Unicode value (ISO 14289-1 7.21.7, checked by
outloud), and a zero-width space is the honest value for a glyph whose
letters another glyph carries. A line that WeasyPrint cuts with an ellipsis
gets no span (the text drawn is not the box's).

Right-to-left lines get no span: poppler lays a replacement text out left
to right and then reverses right-to-left runs, so Arabic would come back
backwards, while its per-glyph map is already right.

The span is put in by wrapping WeasyPrint's ``draw_first_line``, which is
not public API: :func:`install` checks the function's signature and does
nothing if it changed (``tests/test_text_layer.py`` then fails, which is the
signal). The wrapper does nothing outside :func:`replacement_text`, so
other users of WeasyPrint in the same process are not affected. The text
is written as a PDF string object by pydyf (hex when not ASCII); a source
cannot reach the content stream's syntax through it.
"""

from __future__ import annotations

import inspect
import re
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Iterator

__all__ = ["COMPLEX_SCRIPTS", "install", "installed", "replacement_text"]

#: Scripts whose shaping reorders or merges glyphs within a syllable: Indic (Devanagari to Malayalam,
#: Sinhala), Thai and Lao, Tibetan, Myanmar, Khmer, Tai Tham, Balinese to Batak, Javanese, Myanmar's
#: extensions, Tai Viet, Meetei Mayek, and the Brahmi block to Sharada.
COMPLEX_SCRIPTS = re.compile(
    "[\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\u1a20-\u1aaf"
    "\u1b00-\u1bff\u1cd0-\u1cff\ua8e0-\ua8ff\ua980-\ua9ff\uaa60-\uaadf\uabc0-\uabff\U00011000-\U000111ff]"
)
#: Right-to-left letters: such a line keeps the per-glyph map (see above).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]")
#: What the text layer leaves out: zero-width spaces (line-break opportunities) and soft hyphens.
_INVISIBLE = str.maketrans("", "", "\u200b\u00ad")
_EXPECTED = ["stream", "textbox", "text_overflow", "block_ellipsis", "matrix"]

#: What a glyph that stands for no text of its own maps to.
NOTHING = "\u200b"

#: None outside :func:`replacement_text`; within, whether to fill the empty glyph texts too.
_active: ContextVar[bool | None] = ContextVar("pressrelease_actualtext", default=None)
_installed = False
_install_lock = threading.Lock()


def line_text(text: str) -> str | None:
    """The replacement text of a line fragment, or None if its glyphs are left to spell it.

    None for a line without a complex script, and for one that also holds a right-to-left letter
    (a Khmer line quoting an Arabic name keeps the per-glyph map: poppler would reverse the span).
    """
    if not COMPLEX_SCRIPTS.search(text) or _RTL.search(text):
        return None
    return text.translate(_INVISIBLE)


def _ellipsis(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Whether WeasyPrint will cut the line and draw an ellipsis: then the text drawn is not the box's."""
    text_overflow = args[0] if args else kwargs.get("text_overflow")
    block_ellipsis = args[1] if len(args) > 1 else kwargs.get("block_ellipsis")
    return text_overflow == "ellipsis" or block_ellipsis not in (None, "none")


class _ToUnicode(dict):  # type: ignore[type-arg]
    """A font's glyph-to-text map in which no glyph maps to the empty text."""

    def __setitem__(self, glyph: int, text: str) -> None:
        super().__setitem__(glyph, text or NOTHING)


def _mapping_every_glyph(stream: Any) -> None:
    """Turn the maps of the document's fonts into :class:`_ToUnicode`s (once each; a handful of fonts)."""
    for font in getattr(stream, "_fonts", {}).values():
        mapping = getattr(font, "to_unicode", None)
        if isinstance(mapping, dict) and not isinstance(mapping, _ToUnicode):
            font.to_unicode = _ToUnicode({glyph: text or NOTHING for glyph, text in mapping.items()})


def _wrap(draw_first_line: Callable[..., Any]) -> Callable[..., Any]:
    import pydyf

    def with_replacement_text(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        active = _active.get()
        if active is None:
            return draw_first_line(stream, textbox, *args, **kwargs)
        drawn = textbox.style["font_size"] >= 1e-6 and not _ellipsis(args, kwargs)  # as draw_first_line decides
        actual = line_text(textbox.text) if drawn else None
        try:
            if actual is None:
                return draw_first_line(stream, textbox, *args, **kwargs)
            # inside the text object, and inside the structure tree's own /Span <</MCID n>> of a tagged PDF
            stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(actual)}))
            try:
                return draw_first_line(stream, textbox, *args, **kwargs)
            finally:
                stream.end_marked_content()
        finally:
            if active:
                _mapping_every_glyph(stream)

    with_replacement_text.__wrapped__ = draw_first_line  # type: ignore[attr-defined]
    return with_replacement_text


def install() -> bool:
    """Wrap WeasyPrint's line drawing once; False if its internals are not the ones this was written for."""
    global _installed
    with _install_lock:  # a Dask worker renders in several threads at once: wrap once, not twice
        if _installed:
            return True
        try:
            from weasyprint.draw import text as drawing

            original = drawing.draw_first_line
            if list(inspect.signature(original).parameters) != _EXPECTED:
                return False
        except (ImportError, AttributeError, TypeError, ValueError):
            return False
        drawing.draw_first_line = _wrap(original)
        _installed = True
        return True


def installed() -> bool:
    return _installed


@contextmanager
def replacement_text(*, fill_empty: bool = False) -> Iterator[None]:
    """Within: lines of the complex scripts above are drawn with their text as replacement text.

    ``fill_empty``: map the glyphs WeasyPrint maps to nothing to U+200B, for the variants whose
    standard wants every glyph mapped (PDF/UA, PDF/A "u"). Not otherwise: a reader that ignores
    replacement text (pypdf) then reads U+200B among the letters, where it read nothing.
    """
    install()
    token = _active.set(fill_empty)
    try:
        yield
    finally:
        _active.reset(token)
