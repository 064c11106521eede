"""The language switcher of a web page: one entry per language of the release's group, its own included.

Each entry is what the template prints: the language tag (``hreflang`` and
``lang``), its direction, the language's own name in itself ("العربية"), the
page's address beside this one (the release's output name and the page's
suffix, percent-encoded) and the headline in that language. The entries
are ordered by language tag; the release's own is marked ``current``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable
from urllib.parse import quote

from ..i18n import language_name, text_direction
from ..model import Release, Translation

__all__ = ["LanguageLink", "translation_links"]


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """One language of the switcher (``current``: the page's own, shown as text, not linked)."""

    language: str
    name: str
    direction: str
    href: str
    headline: str
    current: bool = False


def translation_links(release: Release, translations: Iterable[Translation], suffix: str) -> tuple[LanguageLink, ...]:
    """The switcher's entries: ``translations`` (the other languages' releases) and ``release`` itself.

    Empty when there is no other language. A translation that is the release itself (its language and
    name) is taken as it; another in the release's language, or two in one language, are a ValueError:
    one release per language.
    """
    own = Translation.of(release)
    by_language: dict[str, Translation] = {own.language.lower(): own}
    for translation in translations:
        if not isinstance(translation, Translation):
            raise TypeError(f"translations are Translation values, not {type(translation).__name__}")
        if translation == own:
            continue
        taken = by_language.setdefault(translation.language.lower(), translation)
        if taken is not translation:
            raise ValueError(f"two translations in '{translation.language}': {taken.name!r} and "
                             f"{translation.name!r} (one release per language)")
    if len(by_language) < 2:
        return ()
    return tuple(_link(by_language[tag], suffix, by_language[tag] is own) for tag in sorted(by_language))


def _link(translation: Translation, suffix: str, current: bool) -> LanguageLink:
    language = translation.language
    return LanguageLink(language=language, name=language_name(language), direction=text_direction(language),
                        href=quote(translation.name, safe="") + suffix, headline=translation.headline,
                        current=current)
