"""Which language tags we accept: a BCP 47 tag that Babel has CLDR data for.

Checking a release (``pressrelease check``) must not pay for importing
Babel, so a tag whose locale file Babel ships ("en_GB.dat") is accepted when
that file exists; only an unusual tag (another letter case, an alias) is
handed to Babel itself to decide.
"""

from __future__ import annotations

import functools
from importlib.machinery import PathFinder
import os

from ..rules import lazy

__all__ = ["is_known_language", "language_name", "letter_spaced", "text_direction"]

#: Languages written in the Latin script, whose capitals may be letter-spaced. Spacing letters apart
#: breaks joined scripts (Arabic) and means nothing in others (Chinese, Khmer).
_LATIN = frozenset({
    "af", "ca", "cs", "cy", "da", "de", "en", "es", "et", "eu", "fi", "fil", "fr", "ga", "gl", "hr", "hu", "id",
    "is", "it", "lt", "lv", "ms", "mt", "nb", "nl", "nn", "no", "pl", "pt", "ro", "sk", "sl", "sq", "sv", "sw",
    "tr", "vi",
})


def letter_spaced(language: str) -> bool:
    """Whether a label in ``language`` may be set in spaced capitals ("P R E S S" style tracking)."""
    parts = language.split("-")
    if any(part in ("Arab", "Cyrl", "Hebr", "Deva") for part in parts[1:]):  # a Latin language in another script
        return False
    return parts[0].lower() in _LATIN

def text_direction(language: str) -> str:
    """"rtl" for a language written right to left (Arabic, Hebrew, Persian, Urdu ...), else "ltr": CLDR's
    character order for the locale, so "az-Arab" is right to left and "az" is not."""
    from .dates import locale_for

    return "rtl" if locale_for(language).character_order == "right-to-left" else "ltr"


@functools.lru_cache(maxsize=256)
def language_name(language: str) -> str:
    """The language's own name, in itself, as a menu shows it: "العربية", "Français", "Deutsch", "中文 (简体)".

    CLDR's display name of the locale in its own language, its first letter in title case: a language whose
    script has capitals starts its name with one in a list ("français" -> "Français"); one whose script has
    none, or whose capitals are not title case (Georgian), keeps it as it is.
    """
    from .dates import locale_for

    locale = locale_for(language)
    name = locale.get_display_name(locale) or language
    return name[:1].title() + name[1:]


_TAG = lazy(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


@functools.lru_cache(maxsize=1)
def _locale_data() -> str | None:
    """Babel's folder of CLDR locale files, found without importing Babel."""
    spec = PathFinder.find_spec("babel")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    return os.path.join(folders[0], "locale-data") if folders else None


@functools.lru_cache(maxsize=256)
def is_known_language(language: str) -> bool:
    """Whether ``language`` is a tag such as ``en``, ``en-GB``, ``fr`` or ``km`` that we can localise."""
    if not _TAG.fullmatch(language):
        return False
    folder = _locale_data()
    if folder is not None and os.path.isfile(os.path.join(folder, language.replace("-", "_") + ".dat")):
        return True
    from babel import UnknownLocaleError

    from .dates import locale_for

    try:
        locale_for(language)
    except (UnknownLocaleError, ValueError):
        return False
    return True
