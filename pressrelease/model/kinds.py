"""What a release is: the kinds we know, and how a ``kind:`` text names one of them.

The kind drives behaviour (lint rules, later wire genres) whatever label is
printed above the headline: ``kind: Media Advisory`` and ``kind:
media-advisory`` are the same kind, and ``kind: Communiqué`` is the
communiqué. Any other text is a kind of its own, printed as written, with no
rule attached to it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["DEFAULT_KIND", "KINDS", "kind_id", "kind_label_key"]

#: known kind id -> its English name (the label key is ``kind_<id with underscores>``).
KINDS: dict[str, str] = {
    "press-release": "Press Release",
    "news-release": "News Release",
    "media-advisory": "Media Advisory",
    "statement": "Statement",
    "joint-press-release": "Joint Press Release",
    "communique": "Communiqué",
}

#: The kind of a release that names none.
DEFAULT_KIND = "press-release"

#: Other spellings of the known kinds, as :func:`_key` writes them.
_ALIASES = {
    "press": "press-release",
    "communique-de-presse": "press-release",
    "comunicado-de-prensa": "press-release",
    "pressemitteilung": "press-release",
    "advisory": "media-advisory",
    "media-alert": "media-advisory",
    "avis-aux-medias": "media-advisory",
    "news": "news-release",
    "joint-release": "joint-press-release",
    "joint-statement": "statement",
    "declaration": "statement",
}


def _key(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def kind_id(text: str) -> str | None:
    """The known kind ``text`` names ("Media Advisory" -> "media-advisory"), or None for any other text.

    An empty text is the default kind.
    """
    if not text.strip():
        return DEFAULT_KIND
    key = _key(text)
    if key in KINDS:
        return key
    return _ALIASES.get(key)


def kind_label_key(kind: str) -> str:
    """The label that names a known kind in every language: "media-advisory" -> "kind_media_advisory"."""
    return "kind_" + kind.replace("-", "_")
